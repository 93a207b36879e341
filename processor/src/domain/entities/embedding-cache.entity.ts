import { ArrayType, EntitySchema } from '@mikro-orm/core';

/** A template embedding per provider and model, so re-embedding costs nothing after a restart. */
export interface EmbeddingCacheEntity {
  templateId: string;
  provider: string;
  model: string;
  vector: number[];
  createdAt: Date;
}

export const EmbeddingCacheSchema = new EntitySchema<EmbeddingCacheEntity>({
  name: 'EmbeddingCacheEntity',
  tableName: 'embedding_cache',
  properties: {
    templateId: { type: 'text', primary: true },
    provider: { type: 'text', primary: true },
    model: { type: 'text', primary: true },
    vector: { type: new ArrayType<number>(Number), columnType: 'float4[]' },
    createdAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});
