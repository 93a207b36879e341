import { AnomalySchema } from './anomaly.entity.js';
import { ApiKeySchema } from './api-key.entity.js';
import { BudgetLedgerSchema } from './budget-ledger.entity.js';
import { ClusterMemberSchema } from './cluster-member.entity.js';
import { ClusterSchema } from './cluster.entity.js';
import { DeadLetterSchema } from './dead-letter.entity.js';
import { EmbeddingCacheSchema } from './embedding-cache.entity.js';
import { FeedbackSchema } from './feedback.entity.js';
import { LlmExplanationSchema } from './llm-explanation.entity.js';
import { LogSchema } from './log.entity.js';
import { MinerStateSchema } from './miner-state.entity.js';
import { TemplateAliasSchema, TemplateSchema } from './template.entity.js';

export type { AnomalyEntity } from './anomaly.entity.js';
export type { ApiKeyEntity } from './api-key.entity.js';
export type { BudgetLedgerEntity } from './budget-ledger.entity.js';
export type { ClusterEntity } from './cluster.entity.js';
export type { ClusterMemberEntity } from './cluster-member.entity.js';
export type { DeadLetterEntity } from './dead-letter.entity.js';
export type { EmbeddingCacheEntity } from './embedding-cache.entity.js';
export { FEEDBACK_ACTIONS, type FeedbackAction, type FeedbackEntity } from './feedback.entity.js';
export type { LlmExplanationEntity } from './llm-explanation.entity.js';
export type { LogEntity } from './log.entity.js';
export type { MinerStateEntity } from './miner-state.entity.js';
export type { TemplateAliasEntity, TemplateEntity } from './template.entity.js';
export {
  AnomalySchema,
  ApiKeySchema,
  BudgetLedgerSchema,
  ClusterSchema,
  ClusterMemberSchema,
  DeadLetterSchema,
  EmbeddingCacheSchema,
  FeedbackSchema,
  LlmExplanationSchema,
  LogSchema,
  MinerStateSchema,
  TemplateAliasSchema,
  TemplateSchema,
};

/** Every entity schema; the one list MikroORM is configured with (and migrations are generated from). */
export const allEntities = [
  LogSchema,
  TemplateSchema,
  TemplateAliasSchema,
  AnomalySchema,
  ClusterSchema,
  BudgetLedgerSchema,
  DeadLetterSchema,
  MinerStateSchema,
  EmbeddingCacheSchema,
  ApiKeySchema,
  FeedbackSchema,
  LlmExplanationSchema,
  ClusterMemberSchema,
] as const;
