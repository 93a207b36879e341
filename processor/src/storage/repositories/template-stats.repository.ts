import type { Knex } from '@mikro-orm/postgresql';
import { asDate, asNullableDate, toCount } from '../sql.js';

/** A template with its counters, as listed by the API. */
export interface TemplateStatsView {
  readonly id: string;
  readonly text: string;
  readonly count: number;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  readonly services: string[];
  readonly muted: boolean;
  readonly clusterId: string | null;
  /** Anomalies recorded against this template. */
  readonly anomalyCount: number;
}

export interface TemplateStatsFilter {
  readonly service?: string;
  /** Case-insensitive substring of the template text. */
  readonly contains?: string;
}

/** Totals over the whole store, for `stats`. */
export interface StoreStats {
  readonly logs: number;
  readonly anomalousLogs: number;
  readonly anomalies: number;
  readonly templates: number;
  readonly services: number;
  readonly deadLetters: number;
  readonly firstLogAt: Date | null;
  readonly lastLogAt: Date | null;
}

type Row = Omit<TemplateStatsView, 'count' | 'anomalyCount' | 'firstSeen' | 'lastSeen'> & {
  count: string | number;
  anomalyCount: string | number;
  firstSeen: Date | string;
  lastSeen: Date | string;
};

/** Read-only aggregates for the API: templates by count, and store-wide totals. */
export class TemplateStatsRepository {
  constructor(private readonly knex: Knex) {}

  /** Most frequent first. */
  async list(filter: TemplateStatsFilter, page: { readonly limit: number; readonly offset?: number }): Promise<TemplateStatsView[]> {
    const anomalyCount = this.knex('anomalies').count('*').where('anomalies.template_id', this.knex.ref('t.id')).as('anomalyCount');
    const rows = (await this.filtered(filter)
      .select({
        id: 't.id',
        text: 't.text',
        count: 't.count',
        firstSeen: 't.first_seen',
        lastSeen: 't.last_seen',
        services: 't.services',
        muted: 't.muted',
        clusterId: 't.cluster_id',
      })
      .select(anomalyCount)
      .orderBy([{ column: 't.count', order: 'desc' }, { column: 't.id', order: 'asc' }])
      .limit(page.limit)
      .offset(page.offset ?? 0)) as Row[];
    return rows.map((r) => ({
      ...r,
      count: Number(r.count),
      anomalyCount: Number(r.anomalyCount),
      firstSeen: asDate(r.firstSeen),
      lastSeen: asDate(r.lastSeen),
    }));
  }

  async count(filter: TemplateStatsFilter): Promise<number> {
    const rows: Array<{ count: string | number }> = await this.filtered(filter).count({ count: '*' });
    return toCount(rows[0]);
  }

  async storeStats(): Promise<StoreStats> {
    const { rows } = await this.knex.raw<{ rows: Array<Record<string, string | number | Date | null>> }>(`
      select
        (select count(*) from logs) as logs,
        (select count(*) from logs where is_anomaly) as anomalous_logs,
        (select count(*) from anomalies) as anomalies,
        (select count(*) from templates) as templates,
        (select count(distinct service) from logs) as services,
        (select count(*) from dead_letters) as dead_letters,
        (select min("timestamp") from logs) as first_log_at,
        (select max("timestamp") from logs) as last_log_at`);
    const row = rows[0] ?? {};
    const date = (v: unknown): Date | null => asNullableDate((v ?? null) as Date | string | null);
    return {
      logs: Number(row.logs ?? 0),
      anomalousLogs: Number(row.anomalous_logs ?? 0),
      anomalies: Number(row.anomalies ?? 0),
      templates: Number(row.templates ?? 0),
      services: Number(row.services ?? 0),
      deadLetters: Number(row.dead_letters ?? 0),
      firstLogAt: date(row.first_log_at),
      lastLogAt: date(row.last_log_at),
    };
  }

  private filtered(filter: TemplateStatsFilter): Knex.QueryBuilder {
    const query = this.knex({ t: 'templates' });
    if (filter.service !== undefined) void query.whereRaw('? = any(t.services)', [filter.service]);
    if (filter.contains) void query.whereRaw('t.text ilike ?', [`%${filter.contains.replace(/[\\%_]/g, '\\$&')}%`]);
    return query;
  }
}
