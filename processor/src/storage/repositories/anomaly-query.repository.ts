import type { Knex } from '@mikro-orm/postgresql';
import { ANOMALY_COLUMNS, toAnomalyDto, type AnomalyDto } from './anomaly.repository.js';
import { toCount } from '../sql.js';

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

type Row = AnomalyDto & { id: string | number; logId: string | number | null };

/** Filtered, sorted reads of `anomalies` for the API. Writes stay in `AnomalyRepository`. */
export class AnomalyQueryRepository {
  constructor(private readonly knex: Knex) {}

  async list(filter: AnomalyQueryFilter, page: AnomalyQueryPage): Promise<AnomalyDto[]> {
    const order: Array<{ column: string; order: 'asc' | 'desc' }> =
      page.sort === 'score'
        ? [{ column: 'score', order: 'desc' }, { column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]
        : [{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }];
    const query = this.filtered(filter).select(ANOMALY_COLUMNS).orderBy(order).limit(page.limit).offset(page.offset ?? 0);
    return ((await query) as Row[]).map(toAnomalyDto);
  }

  async count(filter: AnomalyQueryFilter): Promise<number> {
    const rows: Array<{ count: string | number }> = await this.filtered(filter).count({ count: '*' });
    return toCount(rows[0]);
  }

  async get(id: string): Promise<AnomalyDto | null> {
    if (!/^\d{1,18}$/.test(id)) return null;
    const row = (await this.knex('anomalies').select(ANOMALY_COLUMNS).where('id', id).first()) as Row | undefined;
    return row ? toAnomalyDto(row) : null;
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
