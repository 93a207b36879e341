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

/** Outcome of {@link BudgetRepository.reserve}: the ledger row, or a refusal with today's spend. */
export type Reservation =
  | { readonly ok: true; readonly id: string; readonly spentBeforeUsd: number }
  | { readonly ok: false; readonly spentUsd: number };

// Any constant shared by every replica: serialises check-then-insert across processes.
const BUDGET_LOCK_KEY = 7_207_001;

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

  /**
   * Books `entry` (its estimate) only if the day's spend plus the estimate stays within
   * `limitUsd`. The check and the insert run under one transaction-scoped advisory lock, so
   * replicas sharing the database cannot overshoot the budget together.
   */
  async reserve(entry: BudgetEntry, limitUsd: number): Promise<Reservation> {
    return this.knex.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(?)', [BUDGET_LOCK_KEY]);
      const repo = new BudgetRepository(trx);
      const spent = await repo.spentOn(entry.at ?? new Date());
      if (spent + entry.estimatedUsd > limitUsd) return { ok: false as const, spentUsd: spent };
      return { ok: true as const, id: await repo.record(entry), spentBeforeUsd: spent };
    });
  }

  /** Replaces a reservation's estimate by what the call really cost. */
  async settle(id: string, actualUsd: number, tokens: number): Promise<void> {
    await this.knex('budget_ledger').where('id', id).update({ actual_usd: actualUsd, tokens });
  }
}
