import type { AnomalyFinding } from '../domain/anomaly.js';
import { UnavailableError } from '../domain/errors.js';
import { silentLogger, type Logger } from '../domain/logger.js';
import type { JsonMessage, KafkaDeadLetter, RawMessage } from '../kafka/index.js';
import type { Batch, DeadLetter, Exporter, PipelineRecord } from '../pipeline/stage.js';

/** The three calls this exporter needs; `KafkaPublisher` has them (a fake in unit tests). */
export interface KafkaOutput {
  publishProcessed(messages: readonly JsonMessage[]): Promise<void>;
  publishAnomalies(messages: readonly JsonMessage[]): Promise<void>;
  publishDeadLetters(letters: readonly KafkaDeadLetter[]): Promise<void>;
}

export interface KafkaExporterOptions {
  /**
   * Dead letters of messages registered with `attachOriginals` carry the original bytes, so an
   * operator can fix and replay them (`logs-dlq` holds raw input, like `logs-raw`). False sends
   * the redacted sample instead. Default true.
   */
  readonly copyOriginals?: boolean;
  /**
   * Approximate bytes per producer request. The broker refuses a record batch over its
   * `message.max.bytes` (1 MiB by default), so a big pipeline batch is sent in parts. Default 256 KiB.
   */
  readonly maxRequestBytes?: number;
  readonly logger?: Logger;
}

/** Running totals, for metrics and tests. */
export interface KafkaExporterStats {
  processed: number;
  anomalies: number;
  deadLetters: number;
  /** Records without a redacted message: never published (the PostgreSQL exporter dead-letters them). */
  unredacted: number;
}

/** One record on `logs-processed`: redacted text only, never the original message. */
export interface ProcessedMessage {
  readonly key: string;
  readonly timestamp: string;
  readonly observedAt: string;
  readonly service: string | null;
  readonly level: string;
  readonly message: string;
  readonly templateId: string | null;
  readonly template: string | null;
  readonly params: readonly string[];
  readonly score: number | null;
  readonly isAnomaly: boolean;
  readonly reasons: readonly string[];
  readonly redactions: Record<string, number>;
  readonly attributes: Record<string, unknown>;
  readonly traceId: string | null;
  readonly spanId: string | null;
}

/** `kafka:<topic>/<partition>:<offset>[:index]` → the source position, for dead-letter headers. */
const KAFKA_SOURCE = /^kafka:(.+)\/(\d+):(\d+)(?::\d+)?$/;

/**
 * Publishes a processed batch to Kafka: records to `logs-processed`, findings to `anomalies`,
 * dead letters to `logs-dlq` with reason headers. It runs after the PostgreSQL exporter in the
 * same pipeline, so what is published is already stored. A replayed batch is published again
 * (at-least-once): consumers dedupe on `key` / the finding's `logKey`.
 */
export class KafkaExporter implements Exporter {
  readonly name = 'kafka';
  readonly stats: KafkaExporterStats = { processed: 0, anomalies: 0, deadLetters: 0, unredacted: 0 };
  private readonly originals = new WeakMap<Batch, Map<string, RawMessage>>();
  private readonly copyOriginals: boolean;
  private readonly maxRequestBytes: number;
  private readonly logger: Logger;

  constructor(
    private readonly output: KafkaOutput,
    options: KafkaExporterOptions = {},
  ) {
    this.copyOriginals = options.copyOriginals ?? true;
    this.maxRequestBytes = options.maxRequestBytes ?? 256 * 1024;
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * Remembers the input messages of `batch` whose dead letters (source = their key) should carry
   * the original bytes. Held weakly: nothing outlives the batch.
   */
  attachOriginals(batch: Batch, messages: ReadonlyMap<string, RawMessage>): void {
    if (messages.size > 0) this.originals.set(batch, new Map(messages));
  }

  async export(batch: Batch): Promise<void> {
    const processed: JsonMessage[] = [];
    const sizes: number[] = [];
    for (const r of batch.records) {
      const message = toProcessedMessage(r);
      if (message === null) {
        this.stats.unredacted += 1;
        continue;
      }
      processed.push({ key: r.record.service, value: message });
      sizes.push(estimateBytes(message));
    }
    const anomalies = batch.anomalies.map((f) => ({ key: f.service, value: toAnomalyMessage(f) }));
    const originals = this.originals.get(batch);
    const letters = batch.deadLetters.map((d) => this.toKafkaDeadLetter(d, originals));
    try {
      for (const [from, to] of chunks(sizes, this.maxRequestBytes)) await this.output.publishProcessed(processed.slice(from, to));
      await this.output.publishAnomalies(anomalies);
      await this.output.publishDeadLetters(letters);
    } catch (error) {
      // The rows are committed already; a retry republishes (consumers dedupe on the key).
      throw new UnavailableError(`publishing a batch of ${processed.length} records to kafka failed`, 'publish', error);
    }
    this.stats.processed += processed.length;
    this.stats.anomalies += anomalies.length;
    this.stats.deadLetters += letters.length;
    this.logger.debug({ exporter: this.name, processed: processed.length, anomalies: anomalies.length, deadLetters: letters.length }, 'batch published');
  }

  private toKafkaDeadLetter(letter: DeadLetter, originals: Map<string, RawMessage> | undefined): KafkaDeadLetter {
    const original = this.copyOriginals ? originals?.get(letter.source) : undefined;
    if (original) return { message: original, reason: letter.reason, stage: letter.stage };
    const [, topic = '', partition = '-1', offset = '-1'] = KAFKA_SOURCE.exec(letter.source) ?? [];
    return {
      message: { topic, partition: Number(partition), offset, key: null, value: Buffer.from(letter.sample, 'utf8'), headers: { 'ailog-source': letter.source } },
      reason: letter.reason,
      stage: letter.stage,
    };
  }
}

/** Cheap upper-bound-ish size of a payload without serialising it twice: texts plus fixed fields. */
function estimateBytes(m: ProcessedMessage): number {
  let params = 0;
  for (const p of m.params) params += p.length + 4;
  return 2 * (m.message.length + (m.template?.length ?? 0)) + params + 80 * Object.keys(m.attributes).length + 512;
}

/** `[from, to)` index ranges whose summed sizes stay under `limit` (at least one item each). */
export function chunks(sizes: readonly number[], limit: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = 0;
  let bytes = 0;
  sizes.forEach((size, i) => {
    if (i > from && bytes + size > limit) {
      out.push([from, i]);
      from = i;
      bytes = 0;
    }
    bytes += size;
  });
  if (from < sizes.length) out.push([from, sizes.length]);
  return out;
}

/** The `logs-processed` payload of a record, or null when no redactor has seen it. */
export function toProcessedMessage(r: PipelineRecord): ProcessedMessage | null {
  if (r.redactedMessage === undefined) return null;
  const { record } = r;
  return {
    key: r.key,
    timestamp: (record.timestamp ?? record.observedAt).toISOString(),
    observedAt: record.observedAt.toISOString(),
    service: record.service,
    level: record.severity,
    message: r.redactedMessage,
    templateId: r.template?.id ?? null,
    template: r.template?.text ?? null,
    params: r.redactedParams ?? [],
    score: r.score ?? null,
    isAnomaly: r.isAnomaly ?? false,
    reasons: r.reasons ?? [],
    redactions: r.redactions ?? {},
    // The redact stage redacted string attributes in place.
    attributes: record.attributes,
    traceId: record.traceId,
    spanId: record.spanId,
  };
}

/** The `anomalies` payload of a finding (dates as ISO strings). */
export function toAnomalyMessage(f: AnomalyFinding): Record<string, unknown> {
  return {
    scope: f.scope,
    method: f.method,
    score: f.score,
    isAnomaly: f.isAnomaly,
    templateId: f.templateId,
    service: f.service,
    windowStart: f.windowStart.toISOString(),
    windowEnd: f.windowEnd.toISOString(),
    sessionKey: f.sessionKey ?? null,
    logKey: f.logKey ?? null,
    reasons: f.reasons,
    evidence: f.evidence,
  };
}
