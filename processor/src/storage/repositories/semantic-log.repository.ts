import type { Knex } from '@mikro-orm/postgresql';
import { asDate } from '../sql.js';
import { LOG_COLUMNS } from './log.repository.js';
import type { LogSearchFilter, LogView } from './log-search.repository.js';

/** The filters semantic search keeps (the text query is what was embedded). */
export type SemanticLogFilter = Omit<LogSearchFilter, 'query'>;

const { idempotencyKey: _internal, ...COLUMNS } = LOG_COLUMNS;
const PREFIXED = Object.fromEntries(Object.entries(COLUMNS).map(([k, col]) => [k, `logs.${col}`]));

type Row = Omit<LogView, 'id' | 'timestamp' | 'observedAt'> & { id: string | number; timestamp: Date | string; observedAt: Date | string };

/**
 * Log lines of given templates, for semantic search: the nearest templates come from the vector
 * store, the lines from here, ranked by the templates' order (most similar first), then newest first.
 *
 * One grouped count gives every template's matching lines (and the exact total); the page is then
 * read template by template with `order by timestamp desc` (the timestamp or template_id index), so
 * nothing sorts all matches. Ordering everything by `array_position(ids, template_id)` in one query
 * took 0.3–0.7 s at 1M rows (measured, EXPLAIN ANALYZE); see docs/search-and-clusters.md.
 */
export class SemanticLogRepository {
  constructor(private readonly knex: Knex) {}

  /**
   * `templateIds` in rank order (most similar first); returns one page and the exact total. The
   * first page without a total needs no count at all (the count is what costs at scale).
   */
  async page(
    templateIds: readonly string[],
    filter: SemanticLogFilter,
    page: { readonly limit: number; readonly offset?: number; readonly withTotal?: boolean },
  ): Promise<{ readonly rows: LogView[]; readonly total: number | null }> {
    if (page.withTotal === false && (page.offset ?? 0) === 0) return { rows: await this.firstPage(templateIds, filter, page.limit), total: null };
    const counts = await this.counts(templateIds, filter);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const rows: LogView[] = [];
    let skip = page.offset ?? 0;
    for (const id of templateIds) {
      if (rows.length >= page.limit) break;
      const available = counts.get(id) ?? 0;
      if (skip >= available) {
        skip -= available;
        continue;
      }
      rows.push(...(await this.linesOfTemplate(id, filter, { limit: page.limit - rows.length, offset: skip })));
      skip = 0;
    }
    return { rows, total };
  }

  private async firstPage(templateIds: readonly string[], filter: SemanticLogFilter, limit: number): Promise<LogView[]> {
    const rows: LogView[] = [];
    for (const id of templateIds) {
      if (rows.length >= limit) break;
      rows.push(...(await this.linesOfTemplate(id, filter, { limit: limit - rows.length, offset: 0 })));
    }
    return rows;
  }

  async count(templateIds: readonly string[], filter: SemanticLogFilter): Promise<number> {
    return [...(await this.counts(templateIds, filter)).values()].reduce((a, b) => a + b, 0);
  }

  /** The SQL of one template's page with values inlined, for EXPLAIN in the bench. */
  pageSql(templateId: string, filter: SemanticLogFilter, page: { readonly limit: number; readonly offset?: number }): string {
    return this.templatePage(templateId, filter, page).toQuery();
  }

  private async counts(templateIds: readonly string[], filter: SemanticLogFilter): Promise<Map<string, number>> {
    if (templateIds.length === 0) return new Map();
    const rows: Array<{ template_id: string; count: string | number }> = await this.filtered(filter)
      .whereRaw('logs.template_id = any(?::text[])', [[...templateIds]])
      .select('logs.template_id')
      .count({ count: '*' })
      .groupBy('logs.template_id');
    return new Map(rows.map((r) => [r.template_id, Number(r.count)]));
  }

  private async linesOfTemplate(templateId: string, filter: SemanticLogFilter, page: { readonly limit: number; readonly offset: number }): Promise<LogView[]> {
    const rows = (await this.templatePage(templateId, filter, page)) as Row[];
    return rows.map((r) => ({ ...r, id: String(r.id), timestamp: asDate(r.timestamp), observedAt: asDate(r.observedAt) }));
  }

  private templatePage(templateId: string, filter: SemanticLogFilter, page: { readonly limit: number; readonly offset?: number }): Knex.QueryBuilder {
    return this.filtered(filter)
      .where('logs.template_id', templateId)
      .select(PREFIXED)
      .orderBy([{ column: 'logs.timestamp', order: 'desc' }, { column: 'logs.id', order: 'desc' }])
      .limit(page.limit)
      .offset(page.offset ?? 0);
  }

  private filtered(filter: SemanticLogFilter): Knex.QueryBuilder {
    const query = this.knex('logs');
    if (filter.service !== undefined) void query.where('logs.service', filter.service);
    if (filter.level !== undefined) void query.where('logs.level', filter.level.toUpperCase());
    if (filter.from !== undefined) void query.where('logs.timestamp', '>=', filter.from);
    if (filter.to !== undefined) void query.where('logs.timestamp', '<', filter.to);
    if (filter.templateId !== undefined) void query.where('logs.template_id', filter.templateId);
    if (filter.isAnomaly !== undefined) void query.where('logs.is_anomaly', filter.isAnomaly);
    return query;
  }
}
