import type { Logger } from '../domain/logger.js';
import type { Batch, Exporter } from '../pipeline/stage.js';
import { anomalyDedupKey, type AnomalyDto } from '../storage/repositories/anomaly.repository.js';
import type { ExplainContextRepository, ExplanationUpdate } from '../storage/repositories/explain-context.repository.js';
import type { AnomalyExplainer, ExplainOutcome } from './anomaly-explainer.js';

export interface ValidateExporterOptions {
  /** LLM requests in flight at once. */
  readonly concurrency: number;
  readonly logger: Logger;
}

/** Running totals for logs and the benchmark. */
export interface ValidateExporterStats {
  explained: number;
  bySource: { llm: number; cache: number; fallback: number };
  dismissed: number;
  /** Batches whose explanation step failed as a whole (the batch itself went on). */
  failures: number;
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the order of results. */
async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Tier 2 in the pipeline, right after the PostgreSQL exporter: every anomaly stored by this
 * batch gets an explanation (the model's when allowed, else the fallback) and a "not anomalous"
 * or unsure verdict dismisses it. It never fails the batch: model trouble degrades to the
 * fallback, and even a failed write only leaves the rows unexplained. Replays are harmless:
 * rows already explained are skipped.
 */
export class ValidateExporter implements Exporter {
  readonly name = 'llm-validate';
  readonly stats: ValidateExporterStats = { explained: 0, bySource: { llm: 0, cache: 0, fallback: 0 }, dismissed: 0, failures: 0 };

  constructor(
    private readonly explainer: AnomalyExplainer,
    private readonly repository: ExplainContextRepository,
    private readonly options: ValidateExporterOptions,
  ) {}

  async export(batch: Batch): Promise<void> {
    if (batch.anomalies.length === 0) return;
    try {
      const rows = await this.repository.unexplained([...new Set(batch.anomalies.map(anomalyDedupKey))]);
      if (rows.length === 0) return;
      const texts = await this.repository.templateTexts(rows.flatMap((r) => (r.templateId === null ? [] : [r.templateId])));
      // Highest scores first, so a budget running out is spent on the most anomalous rows.
      rows.sort((a, b) => b.score - a.score);
      const outcomes = await mapLimit(rows, this.options.concurrency, (row) => this.explainOne(row, texts.get(row.templateId ?? '') ?? null));
      const updates: ExplanationUpdate[] = outcomes.map((o, i) => ({
        id: (rows[i] as AnomalyDto).id,
        explanation: o.explanation as unknown as Record<string, unknown>,
        source: o.source,
        ...(o.status === undefined ? {} : { status: o.status }),
      }));
      await this.repository.saveExplanations(updates);
      this.count(outcomes);
    } catch (error) {
      this.stats.failures += 1;
      this.options.logger.warn({ err: error, anomalies: batch.anomalies.length }, 'explaining anomalies failed; the batch goes on unexplained');
    }
  }

  private async explainOne(row: AnomalyDto, templateText: string | null): Promise<ExplainOutcome> {
    try {
      return await this.explainer.explain(row, 'pipeline', templateText);
    } catch (error) {
      this.options.logger.warn({ err: error, anomalyId: row.id }, 'explainer failed; fallback explanation used');
      return this.explainer.fallback(row, { templateText }, 'llm_error');
    }
  }

  private count(outcomes: readonly ExplainOutcome[]): void {
    for (const o of outcomes) {
      this.stats.explained += 1;
      this.stats.bySource[o.source] += 1;
      if (o.status === 'dismissed') this.stats.dismissed += 1;
    }
  }
}
