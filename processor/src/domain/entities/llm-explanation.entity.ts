import { EntitySchema } from '@mikro-orm/core';

/**
 * A model explanation cached by (template, signal kind): a recurring anomaly is explained once,
 * by whichever replica got there first, and every later occurrence reuses it.
 */
export interface LlmExplanationEntity {
  /** Template id, or `<scope>:<service>` for anomalies without a template (windows, sessions). */
  templateKey: string;
  /** Strongest signal, e.g. `new_template`, `rate:spike`. */
  signal: string;
  explanation: Record<string, unknown>;
  verdict: string | null;
  confidence: number | null;
  model: string;
  /** Times the cached answer was reused. */
  hits: number;
  createdAt: Date;
}

export const LlmExplanationSchema = new EntitySchema<LlmExplanationEntity>({
  name: 'LlmExplanationEntity',
  tableName: 'llm_explanations',
  properties: {
    templateKey: { type: 'text', primary: true },
    signal: { type: 'text', primary: true },
    explanation: { type: 'json', columnType: 'jsonb' },
    verdict: { type: 'text', nullable: true },
    confidence: { type: 'float', columnType: 'real', nullable: true },
    model: { type: 'text' },
    hits: { type: 'integer', default: 0 },
    createdAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});
