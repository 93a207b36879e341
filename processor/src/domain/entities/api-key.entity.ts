import { EntitySchema } from '@mikro-orm/core';

/** An API key; only its hash is stored. */
export interface ApiKeyEntity {
  id: string;
  name: string;
  role: string;
  keyHash: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export const ApiKeySchema = new EntitySchema<ApiKeyEntity>({
  name: 'ApiKeyEntity',
  tableName: 'api_keys',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    name: { type: 'text' },
    role: { type: 'text' },
    keyHash: { type: 'text', unique: 'api_keys_key_hash_unique' },
    createdAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
    revokedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
  },
});
