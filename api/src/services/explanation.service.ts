import { BadInputError, NotFoundError, silentLogger, type Logger } from '@ailog/processor';
import { Redactor } from '@ailog/processor/processors/redact/index';
import { createLlmRuntime, llmConfigSchema, type BudgetStatus, type LlmRuntime, type RootCauseReport } from '@ailog/processor/llm/index';
import type { AnomalyDto, Database } from '@ailog/processor/storage/index';
import { AnomalyRepository } from '@ailog/processor/storage/index';
import { z } from 'zod';
import { requireRole, type Principal } from '../auth/api-key.auth.js';
import { parseInput } from './validate.js';

/** The longest incident window a root-cause query may cover. */
const MAX_WINDOW_MS = 7 * 24 * 3600 * 1000;

export const rootCauseInputSchema = z
  .object({ from: z.coerce.date(), to: z.coerce.date() })
  .refine((w) => w.to.getTime() > w.from.getTime(), { message: 'to must be after from', path: ['to'] })
  .refine((w) => w.to.getTime() - w.from.getTime() <= MAX_WINDOW_MS, { message: 'window longer than 7 days', path: ['to'] });
export type RootCauseInput = z.input<typeof rootCauseInputSchema>;

/**
 * A runtime with the model off (fallback explanations only), for set-ups that pass none: the
 * budget is still read from the shared ledger with the default limit.
 */
export function fallbackOnlyRuntime(db: Database, logger: Logger = silentLogger): LlmRuntime {
  const redactor = new Redactor();
  return createLlmRuntime({ config: llmConfigSchema.parse({}), knex: db.knex, logger, redact: (text) => redactor.redact(text).text, chat: null });
}

/**
 * On-demand tier 2 for the API: explain one anomaly (cache, budget, breaker; over budget →
 * BUDGET_EXCEEDED), root cause over an incident window, and today's budget.
 */
export class ExplanationService {
  private readonly anomalies: AnomalyRepository;

  constructor(
    db: Database,
    private readonly llm: LlmRuntime,
  ) {
    this.anomalies = new AnomalyRepository(db.knex);
  }

  /**
   * Explains (again) one anomaly and stores the result on its row; a dismissing verdict only
   * changes an `open` row. Admin only: it can spend the model budget.
   */
  async explainAnomaly(id: string, principal: Principal): Promise<AnomalyDto> {
    requireRole(principal, 'admin');
    if (!/^\d{1,19}$/.test(id)) throw new BadInputError('anomaly id must be numeric', 'api', { id });
    const anomaly = await this.anomalies.get(id);
    if (!anomaly) throw new NotFoundError('anomaly', id);
    const outcome = await this.llm.explainer.explain(anomaly, 'on_demand');
    await this.llm.context.saveExplanations([
      {
        id,
        explanation: outcome.explanation as unknown as Record<string, unknown>,
        source: outcome.source,
        ...(outcome.status === undefined ? {} : { status: outcome.status }),
      },
    ]);
    return (await this.anomalies.get(id)) ?? anomaly;
  }

  /** The incident in `[from, to]`: its anomalies, first template, co-occurring templates and services, and a summary. */
  rootCause(input: RootCauseInput): Promise<RootCauseReport> {
    const { from, to } = parseInput(rootCauseInputSchema, input);
    return this.llm.rootCause.analyze(from, to);
  }

  budget(): Promise<BudgetStatus> {
    return this.llm.budget.status();
  }
}
