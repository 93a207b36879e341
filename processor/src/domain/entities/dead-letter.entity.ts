import { EntitySchema } from '@mikro-orm/core';
import type { Stage } from '../errors.js';

/** A record that could not be processed; the sample is already truncated and redacted. */
export interface DeadLetterEntity {
  id: string;
  idempotencyKey: string;
  stage: Stage;
  reason: string;
  source: string;
  sample: string;
  createdAt: Date;
}

export const DeadLetterSchema = new EntitySchema<DeadLetterEntity>({
  name: 'DeadLetterEntity',
  tableName: 'dead_letters',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    idempotencyKey: { type: 'text', unique: 'dead_letters_idempotency_key_unique' },
    stage: { type: 'text' },
    reason: { type: 'text' },
    source: { type: 'text' },
    sample: { type: 'text' },
    createdAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()', index: 'dead_letters_created_at_index' },
  },
});
