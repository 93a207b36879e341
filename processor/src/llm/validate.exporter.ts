import type { AnomalyStatus } from '../domain/anomaly.js';
import type { Logger } from '../domain/logger.js';
import type { Batch, Exporter } from '../pipeline/stage.js';
import { anomalyDedupKey, type AnomalyDto } from '../storage/repositories/anomaly.repository.js';
import type { ExplainContextRepository, ExplanationUpdate } from '../storage/repositories/explain-context.repository.js';
import type { AnomalyExplainer, ExplainOutcome } from './anomaly-explainer.js';

export interface ValidateExporterOptions {
  /** LLM requests in flight at once. */
  readonly concurrency: number;
  /**
   * Total explanation time per batch (the Kafka service commits after it). Rows not answered
   * by then get the fallback with `skipped: deadline`; the sweeper asks again. Default: none.
   */
  readonly deadlineMs?: number;
  readonly logger: Logger;
}

/** Stored statuses that keep a finding from being announced (see `PublishFilterExporter`). */
const SUPPRESSED: ReadonlySet<AnomalyStatus> = new Set(['dismissed', 'muted', 'false_positive']);

/** A promise that resolves after `ms` (never when undefined), and its cancel. */
function timer(ms: number | undefined): { readonly fired: Promise<'deadline'>; readonly expired: () => boolean; readonly cancel: () => void } {
  let done = false;
  let handle: NodeJS.Timeout | undefined;
  const fired = new Promise<'deadline'>((resolve) => {
    if (ms === undefined) return;
    handle = setTimeout(() => {
      done = true;
      resolve('deadline');
    }, ms);
    handle.unref();
  });
  return { fired, expired: () => done, cancel: () => clearTimeout(handle) };
}

/** Running totals for logs and the benchmark. */
export interface ValidateExporterStats {
  explained: number;
  bySource: { llm: number; cache: number; fallback: number };
  dismissed: number;
  /** Batches whose explanation step failed as a whole (the batch itself went on). */
  failures: number;
  /** Rows that got the fallback because the batch deadline passed (the sweeper retries them). */
  deadlineFallbacks: number;
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
 * or unsure verdict dismisses it; dismissed findings are marked on the batch so the publishers
 * after it skip them. It never fails the batch: model trouble degrades to the fallback, a slow
 * model to the deadline fallback, and a failed write leaves rows for the explanation sweeper.
 * Replays are harmless: rows already explained are skipped.
 */
export class ValidateExporter implements Exporter {
  readonly name = 'llm-validate';
  readonly stats: ValidateExporterStats = { explained: 0, bySource: { llm: 0, cache: 0, fallback: 0 }, dismissed: 0, failures: 0, deadlineFallbacks: 0 };

  constructor(
    private readonly explainer: AnomalyExplainer,
    private readonly repository: ExplainContextRepository,
    private readonly options: ValidateExporterOptions,
  ) {}

  async export(batch: Batch): Promise<void> {
    if (batch.anomalies.length === 0) return;
    const keys = [...new Set(batch.anomalies.map(anomalyDedupKey))];
    try {
      await this.explainRows(await this.repository.unexplained(keys));
    } catch (error) {
      this.stats.failures += 1;
      this.options.logger.warn({ err: error, anomalies: batch.anomalies.length }, 'explaining anomalies failed; the sweeper will explain them later');
    }
    await this.carryStatuses(batch, keys);
  }

  /**
   * Explains `rows` within the deadline and stores the results; also the sweeper's entry point.
   * Throws only for database errors. Returns the number of rows written.
   */
  async explainRows(rows: AnomalyDto[]): Promise<number> {
    if (rows.length === 0) return 0;
    const texts = await this.repository.templateTexts(rows.flatMap((r) => (r.templateId === null ? [] : [r.templateId])));
    // Highest scores first, so a budget (or the deadline) running out hits the least anomalous rows.
    rows.sort((a, b) => b.score - a.score);
    const deadline = timer(this.options.deadlineMs);
    try {
      const outcomes = await mapLimit(rows, this.options.concurrency, (row) => this.explainOne(row, texts.get(row.templateId ?? '') ?? null, deadline));
      const updates: ExplanationUpdate[] = outcomes.map((o, i) => ({
        id: (rows[i] as AnomalyDto).id,
        explanation: o.explanation as unknown as Record<string, unknown>,
        source: o.source,
        ...(o.status === undefined ? {} : { status: o.status }),
      }));
      const written = await this.repository.saveExplanations(updates);
      this.count(outcomes);
      return written;
    } finally {
      deadline.cancel();
    }
  }

  /**
   * The explanation of one row, or the fallback once the deadline passes. A call overtaken by
   * the deadline runs on in the background: its answer lands in the verdict cache, where the
   * sweeper's retry finds it without paying twice.
   */
  private async explainOne(row: AnomalyDto, templateText: string | null, deadline: ReturnType<typeof timer>): Promise<ExplainOutcome> {
    const late = (): ExplainOutcome => {
      this.stats.deadlineFallbacks += 1;
      return this.explainer.fallback(row, { templateText }, 'deadline');
    };
    if (deadline.expired()) return late();
    const answer = this.explainer.explain(row, 'pipeline', templateText).catch((error: unknown) => {
      this.options.logger.warn({ err: error, anomalyId: row.id }, 'explainer failed; fallback explanation used');
      return this.explainer.fallback(row, { templateText }, 'llm_error');
    });
    const first = await Promise.race([answer, deadline.fired]);
    return first === 'deadline' ? late() : first;
  }

  /**
   * Copies stored dismissals and mutes onto the batch's findings, so the publishing exporters
   * after this one (bus, Kafka) do not announce what the model or a user already dismissed.
   * The stored status, not the outcome, is copied: a human verdict on the row wins.
   */
  private async carryStatuses(batch: Batch, keys: readonly string[]): Promise<void> {
    try {
      const stored = await this.repository.statuses(keys);
      batch.anomalies.forEach((finding, i) => {
        const status = stored.get(anomalyDedupKey(finding));
        // Findings may be frozen objects: replace the entry rather than mutate it.
        if (status !== undefined && SUPPRESSED.has(status) && finding.status !== status) batch.anomalies[i] = { ...finding, status };
      });
    } catch (error) {
      this.options.logger.warn({ err: error }, 'reading anomaly statuses failed; findings are published with their detector status');
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
