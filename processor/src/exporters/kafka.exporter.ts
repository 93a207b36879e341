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
  /** Publish every record to `logs-processed`; false publishes only findings and dead letters. Default true. */
  readonly publishProcessed?: boolean;
  /**
   * Payload bytes (UTF-8 JSON, exact) per producer request. The broker refuses a record batch
   * over its `message.max.bytes` (1 MiB by default), so a big pipeline batch is sent in parts;
   * each part waits for its acknowledgement, so fewer, bigger parts are faster. Default 768 KiB
   * (room left for keys, headers and record framing under 1 MiB).
   */
  readonly maxRequestBytes?: number;
  readonly logger?: Logger;
  /**
   * `export` resolves once the batch's requests are handed to the output, not when the broker
   * acknowledged them; the caller awaits `acknowledged(batch)` before it commits input offsets.
   * Lets the next batch's database commit overlap this batch's publish. Default false.
   */
  readonly deferAcks?: boolean;
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
  /*
   * Per-batch state is keyed by the batch's arrays, not the batch object: a wrapping exporter
   * (PublishFilterExporter) may pass a shallow copy, which shares them (they are never replaced).
   */
  private readonly originals = new WeakMap<readonly DeadLetter[], Map<string, RawMessage>>();
  private readonly copyOriginals: boolean;
  private readonly publishProcessed: boolean;
  private readonly maxRequestBytes: number;
  private readonly logger: Logger;
  private readonly deferAcks: boolean;
  private readonly acks = new WeakMap<readonly PipelineRecord[], Promise<void>>();

  constructor(
    private readonly output: KafkaOutput,
    options: KafkaExporterOptions = {},
  ) {
    this.copyOriginals = options.copyOriginals ?? true;
    this.publishProcessed = options.publishProcessed ?? true;
    this.maxRequestBytes = options.maxRequestBytes ?? 768 * 1024;
    this.deferAcks = options.deferAcks ?? false;
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * Remembers the input messages of `batch` whose dead letters (source = their key) should carry
   * the original bytes. Held weakly: nothing outlives the batch.
   */
  attachOriginals(batch: Batch, messages: ReadonlyMap<string, RawMessage>): void {
    if (messages.size > 0) this.originals.set(batch.deadLetters, new Map(messages));
  }

  async export(batch: Batch): Promise<void> {
    const processed: JsonMessage[] = [];
    const sizes: number[] = [];
    for (const r of this.publishProcessed ? batch.records : []) {
      const message = toProcessedMessage(r);
      if (message === null) {
        this.stats.unredacted += 1;
        continue;
      }
      // Encoded once, here: the exact size decides the request split, and the publisher hands
      // these bytes to kafkajs, which would otherwise measure the string twice and encode it again.
      const bytes = Buffer.from(JSON.stringify(message), 'utf8');
      processed.push({ key: r.record.service, bytes });
      sizes.push(bytes.length + PER_MESSAGE_OVERHEAD);
    }
    const anomalies = batch.anomalies.map((f) => ({ key: f.service, value: toAnomalyMessage(f) }));
    const originals = this.originals.get(batch.deadLetters);
    const letters = batch.deadLetters.map((d) => this.toKafkaDeadLetter(d, originals));
    // Every request is handed over before any acknowledgement is awaited: an output that sends in
    // call order (KafkaPublisher) then keeps this batch's requests together and in order even
    // when the next batch is exported before this one is acknowledged (`deferAcks`).
    const sends = chunks(sizes, this.maxRequestBytes).map(([from, to]) => this.output.publishProcessed(processed.slice(from, to)));
    sends.push(this.output.publishAnomalies(anomalies), this.output.publishDeadLetters(letters));
    const acknowledged = this.settle(sends, processed.length, anomalies.length, letters.length);
    if (!this.deferAcks) return acknowledged;
    // Handled here so an unawaited failure is never unhandled; `acknowledged(batch)` still rejects with it.
    acknowledged.catch(() => undefined);
    this.acks.set(batch.records, acknowledged);
  }

  /**
   * Resolves when the broker acknowledged everything `export(batch)` sent (at once without
   * `deferAcks`, which awaited it already); rejects with the retriable publish error.
   */
  acknowledged(batch: Batch): Promise<void> {
    return this.acks.get(batch.records) ?? Promise.resolve();
  }

  private async settle(sends: Array<Promise<void>>, processed: number, anomalies: number, letters: number): Promise<void> {
    const results = await Promise.allSettled(sends);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      // The rows are committed already; a retry republishes (consumers dedupe on the key).
      throw new UnavailableError(`publishing a batch of ${processed} records to kafka failed`, 'publish', failed.reason);
    }
    this.record(processed, anomalies, letters);
  }

  private record(processed: number, anomalies: number, letters: number): void {
    this.stats.processed += processed;
    this.stats.anomalies += anomalies;
    this.stats.deadLetters += letters;
    this.logger.debug({ exporter: this.name, processed, anomalies, deadLetters: letters }, 'batch published');
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

/** Record framing, key (a service name) and headers (content type, trace context), generously. */
const PER_MESSAGE_OVERHEAD = 192;

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
