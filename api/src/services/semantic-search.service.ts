import { BadInputError, UnavailableError, isBudgetRefusal, type Logger } from '@ailog/processor';
import type { EmbeddingProvider } from '@ailog/processor/embeddings/index';
import type { Database } from '@ailog/processor/storage/index';
import type { LogView } from '@ailog/processor/storage/repositories/log-search.repository';
import { SemanticLogRepository, type SemanticLogFilter } from '@ailog/processor/storage/repositories/semantic-log.repository';
import { TemplateVectorRepository } from '@ailog/processor/storage/repositories/template-vector.repository';
import { EmbeddedVectorStore, VectorIndexLoader, type VectorStore } from '@ailog/processor/vectors/index';
import { z } from 'zod';

/** Semantic search settings; `config.ts` may expose them later, the defaults hold for the local GloVe model. */
export const semanticSearchConfigSchema = z.object({
  /** Cosine similarity a template needs when the caller gives none. Default 0.7, the seed's default. */
  defaultThreshold: z.number().min(-1).max(1).default(0.7),
  /**
   * Optional extra cut: templates must also score within this much of the best match. Off by default
   * (1): an exact lexical match (0.99) would push out paraphrases (0.75) that the query is for; results
   * are ranked by similarity anyway, so weaker matches sit at the end. Default 1 (off).
   */
  relativeMargin: z.number().min(0).max(2).default(1),
  /** Nearest templates considered per query; their lines are what is returned. Default 50. */
  maxTemplates: z.number().int().min(1).max(1000).default(50),
  /** The index re-reads new vectors from the embedding cache at most this often (ms). Default 2000. */
  refreshMs: z.number().int().min(0).default(2000),
});
export type SemanticSearchConfig = z.infer<typeof semanticSearchConfigSchema>;

export interface SemanticSearchDeps {
  readonly db: Database;
  /** The provider the processor embeds templates with; the query is embedded the same way. */
  readonly provider: EmbeddingProvider;
  /** Defaults to an embedded index loaded from the embedding cache. */
  readonly vectors?: VectorStore;
  readonly config?: z.input<typeof semanticSearchConfigSchema>;
  readonly logger?: Logger;
  /** PII redaction of the query before it leaves for the provider (a paid one is a third party). */
  readonly redact: (text: string) => string;
}

export interface SemanticSearchInput extends SemanticLogFilter {
  readonly text: string;
  readonly similarityThreshold?: number;
  readonly limit: number;
  readonly offset?: number;
  /** A cursor from a previous semantic page (offset-based: the order is by similarity, not time). */
  readonly after?: string;
}

/** A line found by meaning, with the similarity of its template to the query. */
export type SemanticLogView = LogView & { readonly similarity: number };

export interface SemanticSearchResult {
  readonly items: SemanticLogView[];
  /** Null when the caller passed `withTotal: false` and asked for the first page. */
  readonly total: number | null;
  readonly hasMore: boolean;
  readonly endCursor: string | null;
  /** The matching templates, most similar first. */
  readonly templates: ReadonlyArray<{ readonly id: string; readonly similarity: number }>;
}

const CURSOR_PREFIX = 'semantic:';

/**
 * Log search by meaning: the query text is embedded with the processor's provider, the nearest
 * templates above the threshold come from the vector store, and their stored lines are returned,
 * most similar template first, newest line first within a template. Embeddings are per template,
 * so a search costs one embedding call and one exact scan over template vectors.
 */
export class SemanticSearchService {
  private readonly vectors: VectorStore;
  private readonly loader: VectorIndexLoader;
  private readonly lines: SemanticLogRepository;
  private readonly config: SemanticSearchConfig;
  private lastSync = 0;
  private syncing: Promise<unknown> | undefined;

  constructor(private readonly deps: SemanticSearchDeps) {
    this.config = semanticSearchConfigSchema.parse(deps.config ?? {});
    this.vectors = deps.vectors ?? new EmbeddedVectorStore(deps.provider.dimensions);
    const space = { provider: deps.provider.name, model: deps.provider.model };
    this.loader = new VectorIndexLoader(new TemplateVectorRepository(deps.db.knex), this.vectors, space);
    this.lines = new SemanticLogRepository(deps.db.knex);
  }

  async search(input: SemanticSearchInput, options: { readonly withTotal?: boolean } = {}): Promise<SemanticSearchResult> {
    const text = input.text.trim();
    if (text === '') throw new BadInputError('semantic search needs query text', 'api');
    const threshold = input.similarityThreshold ?? this.config.defaultThreshold;
    const offset = input.after === undefined ? (input.offset ?? 0) : decodeOffset(input.after);
    await this.refresh();
    const [query] = await this.embed(text);
    const nearest = await this.vectors.search(query as Float32Array, this.config.maxTemplates, { minScore: threshold });
    const floor = (nearest[0]?.score ?? 0) - this.config.relativeMargin;
    const hits = nearest.filter((h) => h.score >= floor);
    const similarity = new Map(hits.map((h) => [h.id, h.score]));
    const ids = hits.map((h) => h.id);
    const filter = filterOf(input);
    const { rows, total } = await this.lines.page(ids, filter, { limit: input.limit + 1, offset, withTotal: options.withTotal });
    const hasMore = rows.length > input.limit;
    const items = rows.slice(0, input.limit).map((row) => ({ ...row, similarity: similarity.get(row.templateId ?? '') ?? 0 }));
    return {
      items,
      total,
      hasMore,
      endCursor: hasMore ? encodeOffset(offset + items.length) : null,
      templates: hits.map((h) => ({ id: h.id, similarity: h.score })),
    };
  }

  /** Pulls vectors the processor wrote since the last look; concurrent searches share one refresh. */
  private async refresh(): Promise<void> {
    if (this.syncing === undefined && Date.now() - this.lastSync >= this.config.refreshMs) {
      this.syncing = this.loader.sync().finally(() => {
        this.lastSync = Date.now();
        this.syncing = undefined;
      });
    }
    if (this.syncing !== undefined) await this.syncing;
  }

  private async embed(text: string): Promise<Float32Array[]> {
    try {
      // Redacted like the templates it is compared with, which hold placeholders, not values.
      return await this.deps.provider.embed([this.deps.redact(text)]);
    } catch (error) {
      if (isBudgetRefusal(error)) throw error;
      this.deps.logger?.warn({ err: error, provider: this.deps.provider.name }, 'query embedding failed');
      throw new UnavailableError('the embedding provider is unavailable', 'api', error);
    }
  }
}

function filterOf(input: SemanticSearchInput): SemanticLogFilter {
  const { service, level, from, to, templateId, isAnomaly } = input;
  const all = { service, level, from, to, templateId, isAnomaly };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
}

export function encodeOffset(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`, 'utf8').toString('base64url');
}

export function decodeOffset(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !Number.isInteger(offset) || offset < 0 || offset > 1_000_000) {
    throw new BadInputError('invalid cursor for a semantic search', 'api', { cursor });
  }
  return offset;
}
