import { AppError } from '../domain/errors.js';
import type { Stage } from '../domain/errors.js';
import type { LogRecord } from '../domain/log-record.js';
import { idempotencyKey } from '../domain/log-record.js';
import type { Batch, Exporter, PipelineRecord, Processor } from './stage.js';
import { emptyBatch } from './stage.js';

/** Called after each stage with its wall time; metrics and benchmarks hang off this. */
/** `stage` is a Stage, or `export:<name>` for exporters. */
export type StageObserver = (stage: string, millis: number, batch: Batch) => void;

/** Runs a stage (labels as for `StageObserver`) inside something, e.g. a tracing span; must call `run` once. */
export type StageWrapper = (label: string, batch: Batch, run: () => Promise<void>) => Promise<void>;

export interface PipelineOptions {
  readonly processors: readonly Processor[];
  readonly exporters: readonly Exporter[];
  readonly observe?: StageObserver;
  /** Wraps every stage run (tracing spans); default none. */
  readonly around?: StageWrapper;
}

/** Totals over the pipeline's life, for reports and the CLI summary. */
export interface PipelineTotals {
  batches: number;
  records: number;
  anomalies: number;
  deadLetters: number;
}

/**
 * Processors in order, then exporters — the Collector's pipeline shape. The same object runs
 * in-process (embedded) and behind the Kafka consumer; only the receiver in front differs.
 * Retriable errors propagate unchanged so the caller can back off and redeliver the batch;
 * anything else is wrapped with the stage it came from.
 */
export class Pipeline {
  readonly totals: PipelineTotals = { batches: 0, records: 0, anomalies: 0, deadLetters: 0 };

  /** How many exporters, from the first, declare `unordered`. */
  private readonly unorderedCount: number;

  constructor(private readonly options: PipelineOptions) {
    const firstOrdered = options.exporters.findIndex((e) => e.unordered !== true);
    this.unorderedCount = firstOrdered === -1 ? options.exporters.length : firstOrdered;
  }

  /** Runs one batch through every processor and exporter; returns it for publishing. */
  async process(batch: Batch): Promise<Batch> {
    await this.transform(batch);
    await this.exportBatch(batch);
    return batch;
  }

  /**
   * The processor half of `process`. Callers that overlap one batch's export with the next
   * batch's processing (the Kafka service) must still call this one batch at a time: the
   * stateful processors (miner, detectors) are not safe to interleave.
   */
  async transform(batch: Batch): Promise<Batch> {
    for (const processor of this.options.processors) {
      await this.timed(processor.stage, batch, () => processor.process(batch));
    }
    return batch;
  }

  /** The exporter half of `process`: every exporter in order, then the totals. */
  async exportBatch(batch: Batch): Promise<Batch> {
    await this.exportUnordered(batch);
    await this.exportOrdered(batch);
    return batch;
  }

  /**
   * The leading exporters that declare `unordered` (the database write). Calls for different
   * batches may overlap; each batch must still go through `exportOrdered` after this resolves.
   */
  async exportUnordered(batch: Batch): Promise<void> {
    for (const exporter of this.options.exporters.slice(0, this.unorderedCount)) await this.exportTo(exporter, batch);
  }

  /** The remaining exporters (publishers), then the totals; call one batch at a time, in input order. */
  async exportOrdered(batch: Batch): Promise<void> {
    for (const exporter of this.options.exporters.slice(this.unorderedCount)) await this.exportTo(exporter, batch);
    this.totals.batches += 1;
    this.totals.records += batch.records.length;
    this.totals.anomalies += batch.anomalies.length;
    this.totals.deadLetters += batch.deadLetters.length;
  }

  /** End of input: lets stateful processors close their windows, and exports what that yields. */
  async flush(): Promise<Batch> {
    const batch = emptyBatch();
    for (const processor of this.options.processors) {
      const flush = processor.flush?.bind(processor);
      if (flush) await this.timed(processor.stage, batch, () => flush(batch));
    }
    await this.exportBatch(batch);
    return batch;
  }

  async close(): Promise<void> {
    for (const exporter of this.options.exporters) await exporter.close?.();
  }

  private exportTo(exporter: Exporter, batch: Batch): Promise<void> {
    return this.timed(`export:${exporter.name}`, batch, () => exporter.export(batch), 'persist');
  }

  private async timed(
    label: string,
    batch: Batch,
    run: () => Promise<void> | void,
    stage: Stage = label as Stage,
  ): Promise<void> {
    const started = performance.now();
    const around = this.options.around;
    try {
      if (around) await around(label, batch, async () => await run());
      else await run();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(`${label} failed: ${error instanceof Error ? error.message : String(error)}`, {
        stage,
        cause: error,
      });
    }
    this.options.observe?.(label, performance.now() - started, batch);
  }
}

/**
 * Wraps decoded records for the pipeline, keyed by their source position (replays collide);
 * `from`/`to` pick a slice of `records` without copying it first.
 */
export function toPipelineRecords(records: readonly LogRecord[], from = 0, to = records.length): PipelineRecord[] {
  const end = Math.min(to, records.length);
  const out: PipelineRecord[] = [];
  for (let i = from; i < end; i++) {
    const record = records[i] as LogRecord;
    out.push({ record, key: idempotencyKey(record.source) });
  }
  return out;
}
