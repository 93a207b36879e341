import { AppError } from '../domain/errors.js';
import type { LogRecord } from '../domain/log-record.js';
import type { StageObserver } from '../pipeline/pipeline.js';
import type { Batch } from '../pipeline/stage.js';
import {
  anomaliesFound,
  batchSize,
  dbWriteDuration,
  linesDeadLettered,
  linesFailed,
  linesProcessed,
  linesReceived,
  severityOf,
  stageDuration,
  templatesNew,
} from './metrics.js';

/** The exporter stage whose time is the database write latency. */
const POSTGRES_STAGE = 'export:postgres';

/** How much of a batch's anomalies and dead letters have already been counted. */
interface Seen {
  anomalies: number;
  deadLetters: number;
}

/**
 * A pipeline observer that feeds the Prometheus metrics: stage latency and lines per stage,
 * batch sizes, new templates, anomalies, dead letters and the PostgreSQL write latency.
 *
 * Stages append anomalies and dead letters to the batch as it goes; a per-batch high-water mark
 * (weakly held, so finished batches are collected) counts each exactly once whichever stage added it.
 */
export function createMetricsObserver(): StageObserver {
  const seen = new WeakMap<Batch, Seen>();
  return (stage, millis, batch) => {
    const seconds = millis / 1000;
    let marks = seen.get(batch);
    if (marks === undefined) {
      marks = { anomalies: 0, deadLetters: 0 };
      seen.set(batch, marks);
      // Flush batches start empty; only batches with input say something about batch sizes.
      if (batch.records.length > 0) batchSize.observe(batch.records.length);
    }
    stageDuration.observe({ stage }, seconds);
    if (batch.records.length > 0) linesProcessed.inc({ stage }, batch.records.length);
    if (stage === POSTGRES_STAGE) dbWriteDuration.observe(seconds);
    if (stage === 'template') countNewTemplates(batch);
    countNew(batch, marks);
  };
}

/** Chains observers (metrics plus a caller's own), skipping absent ones. */
export function composeObservers(...observers: ReadonlyArray<StageObserver | undefined>): StageObserver {
  const present = observers.filter((o): o is StageObserver => o !== undefined);
  return (stage, millis, batch) => {
    for (const observe of present) observe(stage, millis, batch);
  };
}

/** Counts decoded lines per receiver (`record.source.receiver`). */
export function countReceived(records: readonly LogRecord[]): void {
  if (records.length === 0) return;
  const perReceiver = new Map<string, number>();
  for (const { source } of records) perReceiver.set(source.receiver, (perReceiver.get(source.receiver) ?? 0) + 1);
  for (const [receiver, n] of perReceiver) linesReceived.inc({ receiver }, n);
}

/**
 * Counts the lines of a batch that failed: the stage comes from the error (the pipeline wraps
 * everything in an `AppError` with its stage), `unknown` otherwise.
 */
export function countFailed(error: unknown, lines: number): void {
  if (lines <= 0) return;
  linesFailed.inc({ stage: error instanceof AppError ? error.stage : 'unknown' }, lines);
}

function countNewTemplates(batch: Batch): void {
  let fresh = 0;
  for (const r of batch.records) if (r.template?.isNew === true) fresh += 1;
  if (fresh > 0) templatesNew.inc(fresh);
}

function countNew(batch: Batch, marks: Seen): void {
  for (let i = marks.anomalies; i < batch.anomalies.length; i++) {
    const finding = batch.anomalies[i];
    if (finding?.isAnomaly === true) anomaliesFound.inc({ method: finding.method, severity: severityOf(finding.score) });
  }
  marks.anomalies = batch.anomalies.length;
  for (let i = marks.deadLetters; i < batch.deadLetters.length; i++) {
    const letter = batch.deadLetters[i];
    if (letter !== undefined) linesDeadLettered.inc({ stage: letter.stage });
  }
  marks.deadLetters = batch.deadLetters.length;
}
