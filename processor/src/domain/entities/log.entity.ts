import { EntitySchema } from '@mikro-orm/core';

/** One stored log line: redacted text and parameters; the raw text only when `storeRaw` is on. */
export interface LogEntity {
  /** bigserial; MikroORM maps bigint to string so no precision is lost. */
  id: string;
  idempotencyKey: string;
  message: string;
  templateId: string | null;
  parameters: string[];
  service: string | null;
  level: string;
  timestamp: Date;
  observedAt: Date;
  traceId: string | null;
  spanId: string | null;
  attributes: Record<string, unknown>;
  redactions: Record<string, number>;
  score: number | null;
  isAnomaly: boolean;
  raw: string | null;
}

export const LogSchema = new EntitySchema<LogEntity>({
  name: 'LogEntity',
  tableName: 'logs',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    idempotencyKey: { type: 'text', unique: 'logs_idempotency_key_unique' },
    message: { type: 'text' },
    templateId: { type: 'text', nullable: true, index: 'logs_template_id_index' },
    parameters: { type: 'json', columnType: 'jsonb', defaultRaw: "'[]'" },
    service: { type: 'text', nullable: true },
    level: { type: 'text' },
    timestamp: { type: 'Date', columnType: 'timestamptz', index: 'logs_timestamp_index' },
    observedAt: { type: 'Date', columnType: 'timestamptz' },
    traceId: { type: 'text', nullable: true },
    spanId: { type: 'text', nullable: true },
    attributes: { type: 'json', columnType: 'jsonb', defaultRaw: "'{}'" },
    redactions: { type: 'json', columnType: 'jsonb', defaultRaw: "'{}'" },
    score: { type: 'float', columnType: 'real', nullable: true },
    isAnomaly: { type: 'boolean', default: false, index: 'logs_is_anomaly_index' },
    raw: { type: 'text', nullable: true },
  },
  indexes: [
    { name: 'logs_service_timestamp_index', properties: ['service', 'timestamp'] },
    {
      name: 'logs_message_fts_index',
      expression: `create index "logs_message_fts_index" on "logs" using gin (to_tsvector('simple', "message"))`,
    },
  ],
});
