import type { Knex } from '@mikro-orm/postgresql';
import type { ScanRow } from '../../detectors/log-features.js';
import { asDate } from '../sql.js';

/** Which stored lines an on-demand detection looks at. */
export interface ScanFilter {
  readonly from?: Date;
  readonly to?: Date;
  readonly service?: string;
}

interface RawScanRow {
  id: string | number;
  timestamp: Date | string;
  templateId: string | null;
  level: string;
  parameters: unknown;
  score: number | null;
}

function toScanRow(row: RawScanRow): ScanRow {
  return {
    id: String(row.id),
    timestamp: asDate(row.timestamp),
    templateId: row.templateId,
    level: row.level,
    parameters: Array.isArray(row.parameters) ? row.parameters.map(String) : [],
    score: row.score === null ? null : Number(row.score),
  };
}

const COLUMNS = { id: 'id', timestamp: 'timestamp', templateId: 'template_id', level: 'level', parameters: 'parameters', score: 'score' };

/**
 * Reads the narrow slice of `logs` that on-demand detection needs, newest first and capped,
 * so a request over a huge range costs at most `limit` rows (the `logs_timestamp_index` or
 * `logs_service_timestamp_index` serves the order).
 */
export class DetectionScanRepository {
  constructor(private readonly knex: Knex) {}

  /** Up to `limit` lines matching `filter`, newest first. */
  async scan(filter: ScanFilter, limit: number): Promise<ScanRow[]> {
    const query = this.knex('logs')
      .select(COLUMNS)
      .orderBy([{ column: 'timestamp', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(limit);
    if (filter.from) void query.where('timestamp', '>=', filter.from);
    if (filter.to) void query.where('timestamp', '<=', filter.to);
    if (filter.service !== undefined) void query.where('service', filter.service);
    return ((await query) as RawScanRow[]).map(toScanRow);
  }

  /** One line by id, with the service its baseline is drawn from. */
  async get(id: string): Promise<(ScanRow & { service: string | null }) | null> {
    if (!/^\d{1,19}$/.test(id)) return null;
    const row = (await this.knex('logs').select({ ...COLUMNS, service: 'service' }).where('id', id).first()) as
      | (RawScanRow & { service: string | null })
      | undefined;
    return row ? { ...toScanRow(row), service: row.service } : null;
  }
}
