import type { Logger } from '../domain/logger.js';
import type { BudgetKind, BudgetRepository } from '../storage/repositories/budget.repository.js';
import { openaiBudgetExceeded, openaiDailySpending } from '../telemetry/metrics.js';
import { BudgetExceededError, LlmCallError } from './llm-errors.js';

/** Today's budget as the API reports it. */
export interface BudgetStatus {
  /** UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly spentUsd: number;
  readonly limitUsd: number;
  readonly remainingUsd: number;
  readonly exceeded: boolean;
}

/** What a call is about to cost, estimated from token counts and the price table. */
export interface SpendEstimate {
  readonly kind: BudgetKind;
  readonly model: string;
  readonly usd: number;
  readonly tokens: number;
}

/** A call's result plus what it really cost (from the usage the API returned), when known. */
export interface MeteredResult<T> {
  readonly value: T;
  readonly actualUsd?: number;
  readonly tokens?: number;
}

export interface BudgetGuardOptions {
  readonly dailyBudgetUsd: number;
  /** Fraction at which one warning per day is logged. */
  readonly warnAtFraction: number;
  readonly logger: Logger;
  /** Injectable for tests that cross midnight. */
  readonly now?: () => Date;
}

/**
 * The daily USD budget over chat and embeddings. Each call is booked at its estimate BEFORE it is
 * made (so concurrent calls and replicas see it at once) and corrected to the actual cost after.
 * Everything lives in `budget_ledger`, so a restart or another replica sees the same spend.
 */
export class BudgetGuard {
  private warnedDay: string | null = null;
  private readonly now: () => Date;

  constructor(
    private readonly repository: BudgetRepository,
    private readonly options: BudgetGuardOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  get limitUsd(): number {
    return this.options.dailyBudgetUsd;
  }

  /** Runs `call` if the estimate fits today's budget; throws {@link BudgetExceededError} otherwise. */
  async run<T>(estimate: SpendEstimate, call: () => Promise<MeteredResult<T>>): Promise<T> {
    const at = this.now();
    const booked = await this.repository.reserve(
      { kind: estimate.kind, model: estimate.model, estimatedUsd: estimate.usd, tokens: estimate.tokens, at },
      this.options.dailyBudgetUsd,
    );
    if (!booked.ok) {
      openaiBudgetExceeded.inc();
      openaiDailySpending.set(booked.spentUsd);
      throw new BudgetExceededError({ spentUsd: booked.spentUsd, limitUsd: this.options.dailyBudgetUsd, estimateUsd: estimate.usd });
    }
    try {
      const result = await call();
      await this.repository.settle(booked.id, result.actualUsd ?? estimate.usd, result.tokens ?? estimate.tokens);
      return result.value;
    } catch (error) {
      // A refused or unreachable request costs nothing; a timed-out one may have been billed.
      const billed = error instanceof LlmCallError && error.code === 'TIMEOUT';
      if (!billed) await this.repository.settle(booked.id, 0, 0);
      throw error;
    } finally {
      await this.afterSpend(at);
    }
  }

  /** Today's spend, limit and what is left. */
  async status(): Promise<BudgetStatus> {
    const at = this.now();
    const spentUsd = await this.repository.spentOn(at);
    openaiDailySpending.set(spentUsd);
    const limitUsd = this.options.dailyBudgetUsd;
    return {
      day: at.toISOString().slice(0, 10),
      spentUsd,
      limitUsd,
      remainingUsd: Math.max(0, limitUsd - spentUsd),
      exceeded: spentUsd >= limitUsd,
    };
  }

  private async afterSpend(at: Date): Promise<void> {
    const spent = await this.repository.spentOn(at);
    openaiDailySpending.set(spent);
    const day = at.toISOString().slice(0, 10);
    const limit = this.options.dailyBudgetUsd;
    if (limit > 0 && spent >= limit * this.options.warnAtFraction && this.warnedDay !== day) {
      this.warnedDay = day;
      this.options.logger.warn({ spentUsd: spent, limitUsd: limit, fraction: spent / limit }, 'LLM budget: over the warning threshold today');
    }
  }
}
