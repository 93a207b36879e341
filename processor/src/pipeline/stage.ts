import type { AnomalyFinding } from '../domain/anomaly.js';
import type { Stage } from '../domain/errors.js';
import type { LogRecord } from '../domain/log-record.js';

/** The template a record matched, with its extracted parameters. */
export interface TemplateAssignment {
  /** Stable id derived from the normalised template text. */
  readonly id: string;
  /** Template text with `<*>` for each variable. */
  readonly text: string;
  readonly params: readonly string[];
  /** True the first time this process saw the template. */
  readonly isNew: boolean;
}

/** A record travelling through the processor stages; each stage fills in its part. */
export interface PipelineRecord {
  readonly record: LogRecord;
  /** Idempotency key (see `idempotencyKey`). */
  readonly key: string;
  template?: TemplateAssignment;
  /** Message with PII replaced by typed placeholders; what gets stored. */
  redactedMessage?: string;
  /** Parameters with PII replaced. */
  redactedParams?: string[];
  /** PII found, per type. */
  redactions?: Record<string, number>;
  /** Line-level anomaly score in [0,1] and why. */
  score?: number;
  isAnomaly?: boolean;
  reasons?: string[];
}

/** A record that could not be processed, with the reason; nothing is dropped silently. */
export interface DeadLetter {
  readonly stage: Stage;
  readonly reason: string;
  readonly source: string;
  /** The offending input, truncated and redacted by whoever dead-letters it. */
  readonly sample: string;
}

/** What flows between stages: one batch of records plus what stages derived from it. */
export interface Batch {
  readonly records: PipelineRecord[];
  readonly anomalies: AnomalyFinding[];
  readonly deadLetters: DeadLetter[];
  /** Templates that generalised during this batch (old id → new id), so history stays linked. */
  templateAliases?: TemplateAlias[];
}

/** A template id replaced by a more general template's id. */
export interface TemplateAlias {
  readonly from: string;
  readonly to: string;
}

/**
 * A processor stage: mutates or extends the batch in place. Stages are composable and each
 * can be tested alone (Collector vocabulary: receiver → processors → exporters).
 */
export interface Processor {
  readonly stage: Stage;
  process(batch: Batch): Promise<void> | void;
  /** Called once at the end of input (flush windows, finish sessions). */
  flush?(batch: Batch): Promise<void> | void;
}

/** An exporter/sink: writes a processed batch somewhere; must be idempotent (replays are harmless). */
export interface Exporter {
  readonly name: string;
  /**
   * True when `export` calls for different batches may run at the same time and finish in any
   * order (a self-contained, idempotent transaction). A leading run of such exporters is what a
   * caller may overlap across batches (`Pipeline.exportUnordered`); the rest see batches in order.
   */
  readonly unordered?: boolean;
  export(batch: Batch): Promise<void>;
  close?(): Promise<void>;
}

export function emptyBatch(records: PipelineRecord[] = []): Batch {
  return { records, anomalies: [], deadLetters: [] };
}
