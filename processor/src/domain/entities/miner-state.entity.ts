import { EntitySchema } from '@mikro-orm/core';

/** The template miner's snapshot, so a restart resumes with the same templates and ids. */
export interface MinerStateEntity {
  name: string;
  snapshot: unknown;
  updatedAt: Date;
}

export const MinerStateSchema = new EntitySchema<MinerStateEntity>({
  name: 'MinerStateEntity',
  tableName: 'miner_state',
  properties: {
    name: { type: 'text', primary: true },
    snapshot: { type: 'json', columnType: 'jsonb' },
    updatedAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});
