import type { Knex } from '@mikro-orm/postgresql';
import { silentLogger, type Logger } from '../domain/logger.js';
import { ANOMALY_NOTIFY_CHANNEL, notifyAnomalies } from './anomaly-notify.js';
import type { Batch, DeadLetter, Exporter, PipelineRecord } from '../pipeline/stage.js';
import type { Database } from '../storage/database.js';
import { toStorageError } from '../storage/db-errors.js';
import { AnomalyRepository } from '../storage/repositories/anomaly.repository.js';
import { DeadLetterRepository } from '../storage/repositories/dead-letter.repository.js';
import { LogRepository, type NewLog } from '../storage/repositories/log.repository.js';
import { TemplateRepository, type TemplateSighting } from '../storage/repositories/template.repository.js';

export interface PostgresExporterOptions {
  /** Keep the unredacted line in `logs.raw` (config `storeRaw`, default false). */
  readonly storeRaw?: boolean;
  /**
   * Refuse to store a record no redactor has seen (dead-lettered instead). Default true, so a
   * pipeline wired without the redaction stage cannot leak PII into the database.
   */
  readonly requireRedaction?: boolean;
  /** Rows per INSERT statement. Default 1000. */
  readonly chunkSize?: number;
  readonly logger?: Logger;
  /**
   * Channel to `pg_notify` new anomaly ids on, inside the transaction, so every api replica's
   * subscription feed hears of them. Default `ailog_anomalies`; null turns it off.
   */
  readonly notifyChannel?: string | null;
}

/** Running totals, for metrics and the CLI summary. */
export interface PostgresExporterStats {
  batches: number;
  logsWritten: number;
  /** Rows already present (replays). */
  logsSkipped: number;
  anomaliesWritten: number;
  deadLettersWritten: number;
  notRedacted: number;
}

/**
 * Writes a batch in ONE transaction: logs (ON CONFLICT DO NOTHING on the idempotency key),
 * template counts for the rows actually inserted (so a replay does not inflate them), anomalies
 * by dedup key, dead letters by content key, template aliases by old id. Replaying a batch is
 * therefore harmless.
 */
export class PostgresExporter implements Exporter {
  readonly name = 'postgres';
  /**
   * Batches may be written concurrently, in any order: each is one idempotent transaction, and
   * the rows two of them can share (templates, aliases, window anomalies) are written in key
   * order, so concurrent transactions wait on each other instead of deadlocking. (Dead letters
   * keep arrival order: their keys include the source offset, so two live batches never share one.)
   */
  readonly unordered = true;
  readonly stats: PostgresExporterStats = {
    batches: 0,
    logsWritten: 0,
    logsSkipped: 0,
    anomaliesWritten: 0,
    deadLettersWritten: 0,
    notRedacted: 0,
  };
  private readonly storeRaw: boolean;
  private readonly requireRedaction: boolean;
  private readonly chunkSize: number;
  private readonly logger: Logger;
  private readonly notifyChannel: string | null;

  constructor(
    private readonly knex: Knex,
    options: PostgresExporterOptions = {},
  ) {
    this.storeRaw = options.storeRaw ?? false;
    this.requireRedaction = options.requireRedaction ?? true;
    this.chunkSize = options.chunkSize ?? 1000;
    this.logger = options.logger ?? silentLogger;
    this.notifyChannel = options.notifyChannel === undefined ? ANOMALY_NOTIFY_CHANNEL : options.notifyChannel;
  }

  async export(batch: Batch): Promise<void> {
    const { logs, rejected } = this.toLogs(batch.records);
    const deadLetters = [...batch.deadLetters, ...rejected];
    const traceIds = new Map<string, string>();
    for (const r of batch.records) if (r.record.traceId) traceIds.set(r.key, r.record.traceId);
    const aliases = batch.templateAliases ?? [];
    // Nothing to write: skip the transaction (PGlite has one connection to share).
    if (logs.length + deadLetters.length + batch.anomalies.length + aliases.length === 0) return;
    try {
      const result = await this.knex.transaction(async (trx) => {
        const inserted = await new LogRepository(trx, this.chunkSize).insertMany(logs);
        const sightings = templateSightings(batch.records, new Set(inserted.map((i) => i.idempotencyKey)));
        const templates = new TemplateRepository(trx, this.chunkSize);
        await templates.upsertSightings(sightings);
        await templates.addAliases(aliases);
        const anomalyIds = await new AnomalyRepository(trx).insertMany(batch.anomalies, traceIds);
        if (this.notifyChannel) await notifyAnomalies(trx, this.notifyChannel, anomalyIds);
        const letters = await new DeadLetterRepository(trx, this.chunkSize).insertMany(deadLetters);
        return { logs: inserted.length, anomalies: anomalyIds.length, letters };
      });
      this.count(logs.length, result, rejected.length);
    } catch (error) {
      throw toStorageError(error, `writing a batch of ${batch.records.length} records`);
    }
  }

  /** An exporter over an open database, with its `storeRaw` setting. */
  static fromDatabase(db: Database, options: Omit<PostgresExporterOptions, 'storeRaw' | 'chunkSize'> = {}): PostgresExporter {
    return new PostgresExporter(db.knex, { ...options, storeRaw: db.config.storeRaw, chunkSize: db.config.insertChunkSize });
  }

  private count(attempted: number, result: { logs: number; anomalies: number; letters: number }, rejected: number): void {
    this.stats.batches += 1;
    this.stats.logsWritten += result.logs;
    this.stats.logsSkipped += attempted - result.logs;
    this.stats.anomaliesWritten += result.anomalies;
    this.stats.deadLettersWritten += result.letters;
    this.stats.notRedacted += rejected;
    this.logger.debug({ exporter: this.name, attempted, ...result }, 'batch stored');
  }

  private toLogs(records: readonly PipelineRecord[]): { logs: NewLog[]; rejected: DeadLetter[] } {
    const logs: NewLog[] = [];
    const rejected: DeadLetter[] = [];
    for (const r of records) {
      if (r.redactedMessage === undefined && this.requireRedaction) {
        // The sample stays empty: the text is exactly what must not be stored.
        rejected.push({ stage: 'persist', reason: 'record reached storage without redaction', source: r.key, sample: '' });
        continue;
      }
      logs.push(this.toLog(r));
    }
    return { logs, rejected };
  }

  private toLog(r: PipelineRecord): NewLog {
    const { record } = r;
    return {
      idempotencyKey: r.key,
      message: r.redactedMessage ?? record.message,
      templateId: r.template?.id ?? null,
      parameters: r.redactedParams ?? (this.requireRedaction ? [] : [...(r.template?.params ?? [])]),
      service: record.service,
      level: record.severity,
      timestamp: record.timestamp ?? record.observedAt,
      observedAt: record.observedAt,
      traceId: record.traceId,
      spanId: record.spanId,
      attributes: record.attributes,
      redactions: r.redactions ?? {},
      score: r.score ?? null,
      isAnomaly: r.isAnomaly ?? false,
      raw: this.storeRaw ? record.message : null,
    };
  }
}

/** Per-template count and first/last seen over the records that were really inserted. */
function templateSightings(records: readonly PipelineRecord[], insertedKeys: Set<string>): TemplateSighting[] {
  const byId = new Map<string, { text: string; first: Date; last: Date; count: number; services: Set<string> }>();
  for (const r of records) {
    // delete: a key repeated inside one batch was inserted once and must count once.
    if (!r.template || !insertedKeys.delete(r.key)) continue;
    const at = r.record.timestamp ?? r.record.observedAt;
    const seen = byId.get(r.template.id);
    if (!seen) {
      byId.set(r.template.id, { text: r.template.text, first: at, last: at, count: 1, services: new Set(r.record.service ? [r.record.service] : []) });
      continue;
    }
    seen.count += 1;
    if (at < seen.first) seen.first = at;
    if (at > seen.last) seen.last = at;
    if (r.record.service) seen.services.add(r.record.service);
  }
  return [...byId].map(([id, s]) => ({ id, text: s.text, firstSeen: s.first, lastSeen: s.last, count: s.count, services: [...s.services] }));
}
