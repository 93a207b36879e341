import { ArrayType, EntitySchema } from '@mikro-orm/core';
import type { AnomalyEvidence, AnomalyScope, AnomalyStatus } from '../anomaly.js';

/** A persisted finding; `dedupKey` makes re-detection of the same thing on a replay a no-op. */
export interface AnomalyEntity {
  id: string;
  dedupKey: string;
  scope: AnomalyScope;
  method: string;
  score: number;
  isAnomaly: boolean;
  templateId: string | null;
  service: string | null;
  windowStart: Date;
  windowEnd: Date;
  sessionKey: string | null;
  logId: string | null;
  logKey: string | null;
  evidence: AnomalyEvidence;
  reasons: string[];
  explanation: Record<string, unknown> | null;
  /** `llm`, `template` (rule-based fallback) or null while unexplained. */
  explanationSource: string | null;
  status: AnomalyStatus;
  feedback: string | null;
  traceId: string | null;
  createdAt: Date;
}

export const AnomalySchema = new EntitySchema<AnomalyEntity>({
  name: 'AnomalyEntity',
  tableName: 'anomalies',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    dedupKey: { type: 'text', unique: 'anomalies_dedup_key_unique' },
    scope: { type: 'text' },
    method: { type: 'text' },
    score: { type: 'float', columnType: 'real', index: 'anomalies_score_index' },
    isAnomaly: { type: 'boolean' },
    templateId: { type: 'text', nullable: true, index: 'anomalies_template_id_index' },
    service: { type: 'text', nullable: true },
    windowStart: { type: 'Date', columnType: 'timestamptz' },
    windowEnd: { type: 'Date', columnType: 'timestamptz' },
    sessionKey: { type: 'text', nullable: true },
    logId: { type: 'bigint', nullable: true },
    logKey: { type: 'text', nullable: true },
    evidence: { type: 'json', columnType: 'jsonb' },
    reasons: { type: new ArrayType(), columnType: 'text[]', defaultRaw: "'{}'" },
    explanation: { type: 'json', columnType: 'jsonb', nullable: true },
    explanationSource: { type: 'text', nullable: true },
    status: { type: 'text', default: 'open' },
    feedback: { type: 'text', nullable: true },
    traceId: { type: 'text', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()', index: 'anomalies_created_at_index' },
  },
});
