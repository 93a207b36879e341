import { EntitySchema } from '@mikro-orm/core';

/** Actions a user can take on an anomaly (see `FeedbackRules` for what each changes). */
export const FEEDBACK_ACTIONS = ['false_positive', 'confirm', 'mute_template', 'unmute_template'] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];

/**
 * One piece of feedback on an anomaly: who (API key id), when, what. Append-only: the detection
 * rules are derived from the whole history, and its highest id is their cheap version counter.
 * Mutes themselves live in `templates.muted`.
 */
export interface FeedbackEntity {
  id: string;
  apiKeyId: string | null;
  action: FeedbackAction;
  anomalyId: string;
  templateId: string | null;
  method: string;
  note: string | null;
  createdAt: Date;
}

export const FeedbackSchema = new EntitySchema<FeedbackEntity>({
  name: 'FeedbackEntity',
  tableName: 'feedback',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    apiKeyId: { type: 'bigint', nullable: true },
    action: { type: 'text' },
    anomalyId: { type: 'bigint', index: 'feedback_anomaly_id_index' },
    templateId: { type: 'text', nullable: true },
    method: { type: 'text' },
    note: { type: 'text', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
  indexes: [{ name: 'feedback_template_id_method_index', properties: ['templateId', 'method'] }],
});
