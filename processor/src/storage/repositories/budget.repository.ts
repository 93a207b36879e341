import type { Knex } from '@mikro-orm/postgresql';

export type BudgetKind = 'chat' | 'embedding';

export interface BudgetEntry {
  readonly kind: BudgetKind;
  readonly model: string;
  readonly estimatedUsd: number;
  readonly actualUsd?: number | null;
  readonly tokens: number;
  /** Defaults to now; the ledger day is its UTC date. */
  readonly at?: Date;
}

function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The `budget_ledger` table: LLM and embedding spend per UTC day. */
export class BudgetRepository {
  constructor(private readonly knex: Knex) {}

  async record(entry: BudgetEntry): Promise<string> {
    const [row]: Array<{ id: string | number }> = await this.knex('budget_ledger')
      .insert({
        day: utcDay(entry.at ?? new Date()),
        kind: entry.kind,
        model: entry.model,
        estimated_usd: entry.estimatedUsd,
        actual_usd: entry.actualUsd ?? null,
        tokens: entry.tokens,
      })
      .returning('id');
    return String(row?.id);
  }

  /** USD spent on a UTC day (actual where known, else the estimate), optionally of one kind. */
  async spentOn(day: Date, kind?: BudgetKind): Promise<number> {
    const query = this.knex('budget_ledger')
      .select(this.knex.raw('coalesce(sum(coalesce(actual_usd, estimated_usd)), 0) as usd'))
      .where('day', utcDay(day));
    if (kind) void query.where('kind', kind);
    const [row] = (await query) as Array<{ usd: string | number }>;
    return Number(row?.usd ?? 0);
  }
}
