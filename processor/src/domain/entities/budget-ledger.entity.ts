import { EntitySchema } from '@mikro-orm/core';

/** One LLM/embedding spend entry; daily budgets sum `coalesce(actual_usd, estimated_usd)` per day. */
export interface BudgetLedgerEntity {
  id: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  kind: 'chat' | 'embedding';
  model: string;
  estimatedUsd: number;
  actualUsd: number | null;
  tokens: number;
  createdAt: Date;
}

export const BudgetLedgerSchema = new EntitySchema<BudgetLedgerEntity>({
  name: 'BudgetLedgerEntity',
  tableName: 'budget_ledger',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    day: { type: 'date', columnType: 'date', index: 'budget_ledger_day_index' },
    kind: { type: 'text' },
    model: { type: 'text' },
    estimatedUsd: { type: 'double', columnType: 'double precision' },
    actualUsd: { type: 'double', columnType: 'double precision', nullable: true },
    tokens: { type: 'integer', default: 0 },
    createdAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});
