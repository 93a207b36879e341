import { AnomalySchema } from './anomaly.entity.js';
import { ApiKeySchema } from './api-key.entity.js';
import { BudgetLedgerSchema } from './budget-ledger.entity.js';
import { ClusterSchema } from './cluster.entity.js';
import { DeadLetterSchema } from './dead-letter.entity.js';
import { EmbeddingCacheSchema } from './embedding-cache.entity.js';
import { LogSchema } from './log.entity.js';
import { MinerStateSchema } from './miner-state.entity.js';
import { TemplateAliasSchema, TemplateSchema } from './template.entity.js';

export type { AnomalyEntity } from './anomaly.entity.js';
export type { ApiKeyEntity } from './api-key.entity.js';
export type { BudgetLedgerEntity } from './budget-ledger.entity.js';
export type { ClusterEntity } from './cluster.entity.js';
export type { DeadLetterEntity } from './dead-letter.entity.js';
export type { EmbeddingCacheEntity } from './embedding-cache.entity.js';
export type { LogEntity } from './log.entity.js';
export type { MinerStateEntity } from './miner-state.entity.js';
export type { TemplateAliasEntity, TemplateEntity } from './template.entity.js';
export {
  AnomalySchema,
  ApiKeySchema,
  BudgetLedgerSchema,
  ClusterSchema,
  DeadLetterSchema,
  EmbeddingCacheSchema,
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
] as const;
