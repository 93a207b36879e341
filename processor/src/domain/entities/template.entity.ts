import { ArrayType, EntitySchema } from '@mikro-orm/core';

/** A mined template; `id` is the miner's stable id, `count` only grows by lines actually stored. */
export interface TemplateEntity {
  id: string;
  text: string;
  firstSeen: Date;
  lastSeen: Date;
  /** bigint as string. */
  count: string;
  embedding: number[] | null;
  clusterId: string | null;
  muted: boolean;
  services: string[];
}

export const TemplateSchema = new EntitySchema<TemplateEntity>({
  name: 'TemplateEntity',
  tableName: 'templates',
  properties: {
    id: { type: 'text', primary: true },
    text: { type: 'text' },
    firstSeen: { type: 'Date', columnType: 'timestamptz' },
    lastSeen: { type: 'Date', columnType: 'timestamptz', index: 'templates_last_seen_index' },
    count: { type: 'bigint', default: 0 },
    embedding: { type: new ArrayType<number>(Number), columnType: 'float4[]', nullable: true },
    clusterId: { type: 'text', nullable: true, index: 'templates_cluster_id_index' },
    muted: { type: 'boolean', default: false },
    services: { type: new ArrayType(), columnType: 'text[]', defaultRaw: "'{}'" },
  },
});

/** Template ids that were merged or re-derived point to their successor. */
export interface TemplateAliasEntity {
  oldId: string;
  newId: string;
  createdAt: Date;
}

export const TemplateAliasSchema = new EntitySchema<TemplateAliasEntity>({
  name: 'TemplateAliasEntity',
  tableName: 'template_aliases',
  properties: {
    oldId: { type: 'text', primary: true },
    newId: { type: 'text', index: 'template_aliases_new_id_index' },
    createdAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});
