import type { Knex } from '@mikro-orm/postgresql';

/** One time bucket of a template's stored lines. */
export interface SeriesBucket {
  /** Start of the bucket (aligned to the epoch, UTC). */
  readonly bucket: Date;
  readonly count: number;
}

/**
 * Time-bucketed line counts of templates, from `logs` (template_id index, then the time range).
 * Buckets are aligned to the Unix epoch so two queries with the same width line up.
 */
export class TemplateSeriesRepository {
  constructor(private readonly knex: Knex) {}

  /** Non-empty buckets in [from, to), oldest first. */
  async counts(templateId: string, bucketSeconds: number, from: Date, to: Date): Promise<SeriesBucket[]> {
    const { rows } = await this.knex.raw<{ rows: Array<{ bucket: Date | string; count: string | number }> }>(
      `select date_bin(make_interval(secs => ?), "timestamp", timestamptz '1970-01-01 00:00:00+00') as bucket, count(*) as count
       from logs where template_id = ? and "timestamp" >= ? and "timestamp" < ?
       group by 1 order by 1`,
      [bucketSeconds, templateId, from, to],
    );
    return rows.map((r) => ({ bucket: new Date(r.bucket), count: Number(r.count) }));
  }
}
