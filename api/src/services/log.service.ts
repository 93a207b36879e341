import { NotFoundError, UnavailableError } from '@ailog/processor';
import type { Database } from '@ailog/processor/storage/index';
import {
  LogSearchRepository,
  VOLUME_BUCKETS,
  type LogSearchFilter,
  type LogView,
  type VolumePoint,
} from '@ailog/processor/storage/repositories/log-search.repository';
import { z } from 'zod';
import type { Principal } from '../auth/api-key.auth.js';
import { requireRole } from '../auth/api-key.auth.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { SemanticSearchService } from './semantic-search.service.js';
import { parseInput } from './validate.js';

/** Largest page either surface may ask for (the seed's REST limit). */
export const MAX_PAGE = 1000;

const filterSchema = z.object({
  query: z.string().max(500).optional(),
  service: z.string().max(200).optional(),
  level: z.string().max(20).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  templateId: z.string().max(200).optional(),
  isAnomaly: z.boolean().optional(),
});

export const logSearchInputSchema = filterSchema.extend({
  limit: z.number().int().min(1).max(MAX_PAGE).default(50),
  offset: z.number().int().min(0).max(1_000_000).optional(),
  after: z.string().max(200).optional(),
  includeRaw: z.boolean().default(false),
  /** Search by meaning: `query` is embedded and matched against template vectors (see SemanticSearchService). */
  semantic: z.boolean().default(false),
  similarityThreshold: z.number().min(-1).max(1).optional(),
});
export type LogSearchInput = z.input<typeof logSearchInputSchema>;

export const logVolumeInputSchema = filterSchema.extend({ bucket: z.enum(VOLUME_BUCKETS).default('hour') });
export type LogVolumeInput = z.input<typeof logVolumeInputSchema>;

/** A log line as served: `raw` is null unless an admin asked for it and it was stored. */
export type LogItem = LogView & {
  /** Cosine similarity of the line's template to the query; semantic searches only. */
  readonly similarity?: number;
};

export interface LogSearchResult {
  readonly items: LogItem[];
  /** Null when the caller passed `withTotal: false`. */
  readonly total: number | null;
  readonly hasMore: boolean;
  /** Pass as `after` for the next page; null on the last page. */
  readonly endCursor: string | null;
}

function withoutUndefined(filter: z.infer<typeof filterSchema>): LogSearchFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
}

/** Log search, lookup and volume for GraphQL and REST alike. */
export class LogService {
  private readonly repository: LogSearchRepository;

  constructor(
    db: Database,
    private readonly semantic?: SemanticSearchService,
  ) {
    this.repository = new LogSearchRepository(db.knex);
  }

  /** `withTotal: false` skips the count, which on millions of matches costs more than the page. */
  async search(input: LogSearchInput, principal: Principal, options: { readonly withTotal?: boolean } = {}): Promise<LogSearchResult> {
    const { limit, offset, after, includeRaw, semantic, similarityThreshold, ...rest } = parseInput(logSearchInputSchema, input);
    if (includeRaw) requireRole(principal, 'admin');
    if (semantic) {
      const input = { ...withoutUndefined(rest), text: rest.query ?? '', similarityThreshold, limit, offset, after };
      const page = await this.semanticSearch().search(input, options);
      return { ...page, items: page.items.map((row) => this.present(row, includeRaw)) };
    }
    const filter = withoutUndefined(rest);
    const [rows, total] = await Promise.all([
      this.repository.search(filter, { limit: limit + 1, offset, after: after ? decodeCursor(after) : undefined }),
      options.withTotal === false ? null : this.repository.count(filter),
    ]);
    const hasMore = rows.length > limit;
    const items = rows.slice(0, limit).map((row) => this.present(row, includeRaw));
    const last = items.at(-1);
    return { items, total, hasMore, endCursor: hasMore && last ? encodeCursor(last) : null };
  }

  /** Lines matching the filters of `input` (paging fields are ignored). */
  async count(input: LogSearchInput): Promise<number> {
    const { limit: _l, offset: _o, after: _a, includeRaw: _r, semantic, similarityThreshold, ...rest } = parseInput(logSearchInputSchema, input);
    if (semantic) return (await this.semanticSearch().search({ ...withoutUndefined(rest), text: rest.query ?? '', similarityThreshold, limit: 1 })).total ?? 0;
    return this.repository.count(withoutUndefined(rest));
  }

  async get(id: string, principal: Principal, includeRaw = false): Promise<LogItem> {
    if (includeRaw) requireRole(principal, 'admin');
    const row = await this.repository.get(id);
    if (!row) throw new NotFoundError('log', id);
    return this.present(row, includeRaw);
  }

  async volume(input: LogVolumeInput): Promise<VolumePoint[]> {
    const { bucket, ...rest } = parseInput(logVolumeInputSchema, input);
    return this.repository.volume(withoutUndefined(rest), bucket);
  }

  private semanticSearch(): SemanticSearchService {
    if (!this.semantic) throw new UnavailableError('semantic search needs an embedding provider', 'api');
    return this.semantic;
  }

  private present(row: LogItem, includeRaw: boolean): LogItem {
    return includeRaw ? row : { ...row, raw: null };
  }
}
