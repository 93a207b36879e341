import { cosine, type CachedEmbedder } from '../embeddings/embedding-provider.js';
import type { ExplainContextRepository } from '../storage/repositories/explain-context.repository.js';

/** A normal template close to an anomalous one. */
export interface NearTemplate {
  readonly templateId: string;
  readonly template: string;
  readonly similarity: number;
}

/** Finds the templates most similar to an anomalous one among those that are not anomalous. */
export interface NearestNormalFinder {
  nearest(template: { readonly id: string; readonly text: string }, k: number): Promise<NearTemplate[]>;
}

export interface EmbeddingNearestNormalOptions {
  /** Candidate pool: the most frequent templates without anomalies. Default 200. */
  readonly candidates?: number;
  /** How long the candidate list is reused before re-reading it. Default 60 s. */
  readonly refreshMs?: number;
  readonly now?: () => number;
}

/**
 * Nearest normal templates by embedding cosine. Vectors come through the pipeline's
 * `CachedEmbedder`, so each template is embedded once (and paid for once) across restarts.
 */
export class EmbeddingNearestNormal implements NearestNormalFinder {
  private pool: { at: number; templates: Array<{ id: string; text: string }>; vectors: Float32Array[] } | null = null;
  // Answers per template for the life of one pool: a burst of line anomalies asks the same thing.
  private readonly memo = new Map<string, NearTemplate[]>();
  private readonly now: () => number;

  constructor(
    private readonly embedder: CachedEmbedder,
    private readonly repository: ExplainContextRepository,
    private readonly options: EmbeddingNearestNormalOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async nearest(template: { readonly id: string; readonly text: string }, k: number): Promise<NearTemplate[]> {
    const pool = await this.candidates();
    const memo = this.memo.get(template.id);
    if (memo !== undefined && memo.length >= k) return memo.slice(0, k);
    const [vector] = await this.embedder.embedTemplates([template]);
    if (vector === undefined) return [];
    const found = pool.templates
      .map((t, i) => ({ templateId: t.id, template: t.text, similarity: cosine(vector, pool.vectors[i] as Float32Array) }))
      .filter((t) => t.templateId !== template.id)
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, k);
    this.memo.set(template.id, found);
    return found;
  }

  private async candidates(): Promise<{ templates: Array<{ id: string; text: string }>; vectors: Float32Array[] }> {
    const refreshMs = this.options.refreshMs ?? 60_000;
    if (this.pool !== null && this.now() - this.pool.at < refreshMs) return this.pool;
    const templates = await this.repository.normalTemplates(this.options.candidates ?? 200);
    const vectors = await this.embedder.embedTemplates(templates);
    this.pool = { at: this.now(), templates, vectors };
    this.memo.clear();
    return this.pool;
  }
}
