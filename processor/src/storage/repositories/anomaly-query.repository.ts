import type { Knex } from '@mikro-orm/postgresql';
import type { AnomalyDto } from './anomaly.repository.js';
import { asDate, toCount } from '../sql.js';

export interface AnomalyQueryFilter {
  readonly service?: string;
  readonly method?: string;
  readonly scope?: string;
  readonly status?: string;
  readonly templateId?: string;
  readonly minScore?: number;
  readonly onlyAnomalies?: boolean;
  /** On `window_end` (when the anomalous activity happened, not when it was stored). */
  readonly from?: Date;
  readonly to?: Date;
}

export const ANOMALY_SORTS = ['score', 'time'] as const;
export type AnomalySort = (typeof ANOMALY_SORTS)[number];

export interface AnomalyQueryPage {
  readonly limit: number;
  readonly offset?: number;
  /** Default `time` (newest first); `score` is highest first, newest breaking ties. */
  readonly sort?: AnomalySort;
}

const COLUMNS = {
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

type Row = AnomalyDto & { id: string | number; logId: string | number | null };

function toDto(row: Row): AnomalyDto {
  return {
    ...row,
    id: String(row.id),
    logId: row.logId === null ? null : String(row.logId),
    windowStart: asDate(row.windowStart),
    windowEnd: asDate(row.windowEnd),
    createdAt: asDate(row.createdAt),
  };
}

/** Filtered, sorted reads of `anomalies` for the API. Writes stay in `AnomalyRepository`. */
export class AnomalyQueryRepository {
  constructor(private readonly knex: Knex) {}

  async list(filter: AnomalyQueryFilter, page: AnomalyQueryPage): Promise<AnomalyDto[]> {
    const order: Array<{ column: string; order: 'asc' | 'desc' }> =
      page.sort === 'score'
        ? [{ column: 'score', order: 'desc' }, { column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]
        : [{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }];
    const query = this.filtered(filter).select(COLUMNS).orderBy(order).limit(page.limit).offset(page.offset ?? 0);
    return ((await query) as Row[]).map(toDto);
  }

  async count(filter: AnomalyQueryFilter): Promise<number> {
    const rows: Array<{ count: string | number }> = await this.filtered(filter).count({ count: '*' });
    return toCount(rows[0]);
  }

  async get(id: string): Promise<AnomalyDto | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const row = (await this.knex('anomalies').select(COLUMNS).where('id', id).first()) as Row | undefined;
    return row ? toDto(row) : null;
  }

  private filtered(filter: AnomalyQueryFilter): Knex.QueryBuilder {
    const query = this.knex('anomalies');
    if (filter.service !== undefined) void query.where('service', filter.service);
    if (filter.method !== undefined) void query.where('method', filter.method);
    if (filter.scope !== undefined) void query.where('scope', filter.scope);
    if (filter.status !== undefined) void query.where('status', filter.status);
    if (filter.templateId !== undefined) void query.where('template_id', filter.templateId);
    if (filter.minScore !== undefined) void query.where('score', '>=', filter.minScore);
    if (filter.onlyAnomalies) void query.where('is_anomaly', true);
    if (filter.from !== undefined) void query.where('window_end', '>=', filter.from);
    if (filter.to !== undefined) void query.where('window_end', '<', filter.to);
    return query;
  }
}
