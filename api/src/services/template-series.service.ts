import { BadInputError } from '@ailog/processor';
import type { Database } from '@ailog/processor/storage/index';
import { TemplateSeriesRepository, type SeriesBucket } from '@ailog/processor/storage/repositories/template-series.repository';

/** Most buckets one series may have: a chart's worth, and a bound on the work per template. */
export const MAX_SERIES_BUCKETS = 2000;
/** Buckets shown when no `from` is given. */
const DEFAULT_BUCKETS = 288;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `30s`, `5m`, `1h`, `1d` → seconds; BadInputError otherwise. */
export function parseBucket(text: string): number {
  const match = /^(\d{1,5})([smhd])$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * (UNIT_SECONDS[match[2] ?? ''] ?? 0) : 0;
  if (seconds <= 0) throw new BadInputError(`bucket must look like 30s, 5m, 1h or 1d (got "${text}")`, 'api');
  return seconds;
}

export interface SeriesInput {
  readonly templateId: string;
  readonly bucket: string;
  readonly from?: Date | null;
  readonly to?: Date | null;
  /** Where an open range ends when `to` is absent: the template's last sighting. */
  readonly lastSeen: Date;
}

/**
 * A template's line counts per time bucket, dense (empty buckets are 0) so charts need no gap
 * filling. Default range: the `DEFAULT_BUCKETS` buckets up to the template's last sighting.
 */
export class TemplateSeriesService {
  private readonly repository: TemplateSeriesRepository;

  constructor(db: Database) {
    this.repository = new TemplateSeriesRepository(db.knex);
  }

  async series(input: SeriesInput): Promise<SeriesBucket[]> {
    const seconds = parseBucket(input.bucket);
    const ms = seconds * 1000;
    const to = input.to ?? new Date(input.lastSeen.getTime() + 1);
    const from = new Date(Math.floor((input.from ?? new Date(to.getTime() - DEFAULT_BUCKETS * ms)).getTime() / ms) * ms);
    if (!(from < to)) throw new BadInputError('series: from must be before to', 'api');
    if ((to.getTime() - from.getTime()) / ms > MAX_SERIES_BUCKETS) {
      throw new BadInputError(`series: more than ${MAX_SERIES_BUCKETS} buckets; widen the bucket or narrow the range`, 'api');
    }
    const found = new Map((await this.repository.counts(input.templateId, seconds, from, to)).map((b) => [b.bucket.getTime(), b.count]));
    const buckets: SeriesBucket[] = [];
    for (let at = from.getTime(); at < to.getTime(); at += ms) buckets.push({ bucket: new Date(at), count: found.get(at) ?? 0 });
    return buckets;
  }
}
