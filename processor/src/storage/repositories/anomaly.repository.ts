import type { Knex } from '@mikro-orm/postgresql';
import type { AnomalyEvidence, AnomalyFinding, AnomalyScope, AnomalyStatus } from '../../domain/anomaly.js';
import { asDate, chunks, inKeyOrder, jsonb, stableKey, toCount } from '../sql.js';

/** A stored anomaly. */
export interface AnomalyDto {
  readonly id: string;
  readonly dedupKey: string;
  readonly scope: AnomalyScope;
  readonly method: string;
  readonly score: number;
  readonly isAnomaly: boolean;
  readonly templateId: string | null;
  readonly service: string | null;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  readonly sessionKey: string | null;
  readonly logId: string | null;
  readonly logKey: string | null;
  readonly evidence: AnomalyEvidence;
  readonly reasons: string[];
  readonly explanation: Record<string, unknown> | null;
  readonly explanationSource: string | null;
  readonly status: AnomalyStatus;
  readonly feedback: string | null;
  readonly traceId: string | null;
  readonly createdAt: Date;
}

export interface AnomalyListOptions {
  readonly limit?: number;
  readonly offset?: number;
  readonly minScore?: number;
  readonly status?: AnomalyStatus;
  readonly onlyAnomalies?: boolean;
}

/** Column → DTO field map of `anomalies`, shared by the read repositories. */
export const ANOMALY_COLUMNS = {
  id: 'id',
  dedupKey: 'dedup_key',
  scope: 'scope',
  method: 'method',
  score: 'score',
  isAnomaly: 'is_anomaly',
  templateId: 'template_id',
  service: 'service',
  windowStart: 'window_start',
  windowEnd: 'window_end',
  sessionKey: 'session_key',
  logId: 'log_id',
  logKey: 'log_key',
  evidence: 'evidence',
  reasons: 'reasons',
  explanation: 'explanation',
  explanationSource: 'explanation_source',
  status: 'status',
  feedback: 'feedback',
  traceId: 'trace_id',
  createdAt: 'created_at',
} as const;

/**
 * The identity of a finding: the same detector on the same subject and window is the same
 * anomaly, so re-detecting it on a replay writes nothing.
 */
export function anomalyDedupKey(finding: AnomalyFinding): string {
  return stableKey([
    finding.scope,
    finding.method,
    finding.templateId,
    finding.service,
    finding.windowStart.toISOString(),
    finding.windowEnd.toISOString(),
    finding.sessionKey,
    finding.logKey,
  ]);
}

/** A selected `anomalies` row (see `ANOMALY_COLUMNS`) as its DTO. */
export function toAnomalyDto(row: AnomalyDto & { id: string | number; logId: string | number | null }): AnomalyDto {
  return {
    ...row,
    id: String(row.id),
    logId: row.logId === null ? null : String(row.logId),
    windowStart: asDate(row.windowStart),
    windowEnd: asDate(row.windowEnd),
    createdAt: asDate(row.createdAt),
  };
}

/** The `anomalies` table. Pass a transaction as `knex` to take part in it. */
export class AnomalyRepository {
  constructor(
    private readonly knex: Knex,
    private readonly chunkSize = 500,
  ) {}

  /**
   * Inserts findings idempotently (dedup key) and links line-scope ones to their stored log row.
   * Returns the ids of the rows written now.
   */
  async insertMany(findings: readonly AnomalyFinding[], traceIds: ReadonlyMap<string, string> = new Map()): Promise<string[]> {
    const ids: string[] = [];
    const all = inKeyOrder(
      findings.map((f) => ({
        dedup_key: anomalyDedupKey(f),
        scope: f.scope,
        method: f.method,
        score: Math.min(1, Math.max(0, f.score)),
        is_anomaly: f.isAnomaly,
        template_id: f.templateId,
        service: f.service,
        window_start: f.windowStart,
        window_end: f.windowEnd,
        session_key: f.sessionKey ?? null,
        log_key: f.logKey ?? null,
        evidence: jsonb(f.evidence),
        reasons: [...f.reasons],
        status: f.status ?? 'open',
        trace_id: f.traceId ?? (f.logKey ? (traceIds.get(f.logKey) ?? null) : null),
      })),
      (row) => row.dedup_key,
    );
    for (const rows of chunks(all, this.chunkSize)) {
      const written: Array<{ id: string | number }> = await this.knex('anomalies')
        .insert(rows)
        .onConflict('dedup_key')
        .ignore()
        .returning('id');
      ids.push(...written.map((r) => String(r.id)));
    }
    if (ids.length > 0) {
      await this.knex.raw(
        `update anomalies a set log_id = l.id from logs l
         where a.id = any(?::bigint[]) and a.log_id is null and a.log_key = l.idempotency_key`,
        [ids],
      );
    }
    return ids;
  }

  async get(id: string): Promise<AnomalyDto | null> {
    const row = (await this.knex('anomalies').select(ANOMALY_COLUMNS).where('id', id).first()) as AnomalyDto | undefined;
    return row ? toAnomalyDto(row) : null;
  }

  /** Newest first. */
  async list(options: AnomalyListOptions = {}): Promise<AnomalyDto[]> {
    const query = this.knex('anomalies')
      .select(ANOMALY_COLUMNS)
      .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(options.limit ?? 100)
      .offset(options.offset ?? 0);
    if (options.minScore !== undefined) void query.where('score', '>=', options.minScore);
    if (options.status !== undefined) void query.where('status', options.status);
    if (options.onlyAnomalies) void query.where('is_anomaly', true);
    return ((await query) as AnomalyDto[]).map(toAnomalyDto);
  }

  async count(options: { readonly onlyAnomalies?: boolean } = {}): Promise<number> {
    const query = this.knex('anomalies').count({ count: '*' });
    if (options.onlyAnomalies) void query.where('is_anomaly', true);
    return toCount((await query)[0]);
  }

  async setStatus(id: string, status: AnomalyStatus, feedback?: string): Promise<boolean> {
    const patch = feedback === undefined ? { status } : { status, feedback };
    return (await this.knex('anomalies').where('id', id).update(patch)) > 0;
  }

  async setExplanation(id: string, explanation: Record<string, unknown>, source: string): Promise<boolean> {
    return (
      (await this.knex('anomalies')
        .where('id', id)
        .update({ explanation: jsonb(explanation), explanation_source: source })) > 0
    );
  }
}
