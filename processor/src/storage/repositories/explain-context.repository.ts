import type { Knex } from '@mikro-orm/postgresql';
import type { AnomalyStatus } from '../../domain/anomaly.js';
import { ANOMALY_COLUMNS, toAnomalyDto, type AnomalyDto } from './anomaly.repository.js';
import { chunks, jsonb } from '../sql.js';

/** One explanation to store on an anomaly row; `status` only replaces `open`. */
export interface ExplanationUpdate {
  readonly id: string;
  readonly explanation: Record<string, unknown>;
  readonly source: string;
  readonly status?: AnomalyStatus;
}

/** Reads that explanation prompts need, and the bulk write of explanations onto `anomalies`. */
export class ExplainContextRepository {
  constructor(private readonly knex: Knex) {}

  /** Stored anomalies of these dedup keys that carry no explanation yet (replays skip the rest). */
  async unexplained(dedupKeys: readonly string[]): Promise<AnomalyDto[]> {
    const out: AnomalyDto[] = [];
    for (const part of chunks(dedupKeys, 1000)) {
      const rows = (await this.knex('anomalies').select(ANOMALY_COLUMNS).whereIn('dedup_key', part).whereNull('explanation')) as AnomalyDto[];
      out.push(...rows.map(toAnomalyDto));
    }
    return out;
  }

  /** Stored status per dedup key, so a batch's findings can carry the final status to publishers. */
  async statuses(dedupKeys: readonly string[]): Promise<Map<string, AnomalyStatus>> {
    const out = new Map<string, AnomalyStatus>();
    for (const part of chunks(dedupKeys, 1000)) {
      const rows = (await this.knex('anomalies').select('dedup_key', 'status').whereIn('dedup_key', part)) as Array<{ dedup_key: string; status: AnomalyStatus }>;
      for (const r of rows) out.set(r.dedup_key, r.status);
    }
    return out;
  }

  /**
   * Rows still waiting for an explanation (a failed explanation step) or for the model (the
   * batch deadline gave them the fallback), oldest first: the sweeper's work list.
   */
  async pendingExplanations(limit: number): Promise<AnomalyDto[]> {
    const rows = (await this.knex('anomalies')
      .select(ANOMALY_COLUMNS)
      .whereRaw(`(explanation is null or explanation->>'skipped' = 'deadline')`)
      .orderBy('id', 'asc')
      .limit(limit)) as AnomalyDto[];
    return rows.map(toAnomalyDto);
  }

  /** Template texts by id. */
  async templateTexts(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.knex('templates').select('id', 'text').whereIn('id', [...new Set(ids)])) as Array<{ id: string; text: string }>;
    return new Map(rows.map((r) => [r.id, r.text]));
  }

  /** Up to `limit` stored (redacted) lines of a template, newest before `before` first. */
  async examples(templateId: string, before: Date, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    const rows = (await this.knex('logs')
      .select('message')
      .where('template_id', templateId)
      .where('timestamp', '<=', before)
      .orderBy('timestamp', 'desc')
      .limit(limit)) as Array<{ message: string }>;
    return rows.map((r) => r.message);
  }

  /** Lines of a template per `bucketMs` over `buckets` buckets ending at `end`, oldest first. */
  async rateHistory(templateId: string, end: Date, bucketMs: number, buckets: number): Promise<Array<{ at: string; count: number }>> {
    const start = new Date(end.getTime() - bucketMs * buckets);
    const rows = await this.knex.raw<{ rows: Array<{ bucket: string | number; count: string | number }> }>(
      `select floor(extract(epoch from "timestamp") * 1000 / ?) as bucket, count(*) as count
       from logs where template_id = ? and "timestamp" > ? and "timestamp" <= ? group by 1`,
      [bucketMs, templateId, start, end],
    );
    const byBucket = new Map(rows.rows.map((r) => [Number(r.bucket), Number(r.count)]));
    const first = Math.floor(start.getTime() / bucketMs) + 1;
    return Array.from({ length: buckets }, (_, i) => ({ at: new Date((first + i) * bucketMs).toISOString(), count: byBucket.get(first + i) ?? 0 }));
  }

  /** The most frequent templates with no open anomaly: candidates for "nearest normal". */
  async normalTemplates(limit: number): Promise<Array<{ id: string; text: string }>> {
    return (await this.knex('templates as t')
      .select('t.id', 't.text')
      .whereNotExists(this.knex('anomalies as a').select(this.knex.raw('1')).whereRaw('a.template_id = t.id').where('a.is_anomaly', true))
      .orderBy('t.count', 'desc')
      .limit(limit)) as Array<{ id: string; text: string }>;
  }

  /** Anomalies whose window starts inside [from, to], oldest first. */
  async inWindow(from: Date, to: Date, limit: number): Promise<AnomalyDto[]> {
    const rows = (await this.knex('anomalies')
      .select(ANOMALY_COLUMNS)
      .where('is_anomaly', true)
      .where('window_start', '>=', from)
      .where('window_start', '<=', to)
      .orderBy([{ column: 'window_start', order: 'asc' }, { column: 'id', order: 'asc' }])
      .limit(limit)) as AnomalyDto[];
    return rows.map(toAnomalyDto);
  }

  /** Writes explanations (and status changes of still-open rows) in one statement per chunk. */
  async saveExplanations(updates: readonly ExplanationUpdate[]): Promise<number> {
    let written = 0;
    for (const part of chunks(updates, 500)) {
      const payload = part.map((u) => ({ id: u.id, explanation: u.explanation, source: u.source, status: u.status ?? null }));
      const result = await this.knex.raw<{ rowCount?: number }>(
        `update anomalies a set explanation = v.explanation, explanation_source = v.source,
           status = case when v.status is not null and a.status = 'open' then v.status else a.status end
         from jsonb_to_recordset(?::jsonb) as v(id bigint, explanation jsonb, source text, status text)
         where a.id = v.id`,
        [jsonb(payload)],
      );
      written += result.rowCount ?? 0;
    }
    return written;
  }
}
