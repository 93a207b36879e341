import type { TemplateVectorRepository } from '../storage/repositories/template-vector.repository.js';
import type { VectorStore } from './vector-store.js';

/** Which embeddings to load: one provider/model, since vectors of different models never compare. */
export interface EmbeddingSpaceKey {
  readonly provider: string;
  readonly model: string;
}

export interface VectorIndexLoaderOptions {
  /** Rows per query. Default 1000. */
  readonly pageSize?: number;
  /**
   * How far before the newest row seen a re-sync looks again. A transaction that started earlier
   * may commit later with an older `created_at`; re-upserting a few minutes of rows is idempotent
   * and cheap (templates, not lines). Default 5 min.
   */
  readonly overlapMs?: number;
}

/**
 * Fills a vector store from the embedding cache in PostgreSQL: everything at start-up, then only
 * what was written since (minus an overlap). The cache is the one persistent copy of the vectors,
 * so the embedded index needs no store of its own and a fresh Qdrant collection back-fills itself.
 */
export class VectorIndexLoader {
  private watermark: Date | undefined;
  private readonly pageSize: number;
  private readonly overlapMs: number;

  constructor(
    private readonly repository: TemplateVectorRepository,
    private readonly store: VectorStore,
    private readonly space: EmbeddingSpaceKey,
    options: VectorIndexLoaderOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 1000;
    this.overlapMs = options.overlapMs ?? 5 * 60_000;
  }

  /** Upserts new or changed vectors; returns how many rows were read. */
  async sync(): Promise<number> {
    const since = this.watermark === undefined ? undefined : new Date(this.watermark.getTime() - this.overlapMs);
    let afterId: string | undefined;
    let read = 0;
    for (;;) {
      const rows = await this.repository.page(this.space.provider, this.space.model, { since, afterId, limit: this.pageSize });
      if (rows.length === 0) break;
      await this.store.upsert(rows.map((r) => ({ id: r.templateId, vector: r.vector })));
      read += rows.length;
      for (const r of rows) if (this.watermark === undefined || r.createdAt > this.watermark) this.watermark = r.createdAt;
      if (rows.length < this.pageSize) break;
      afterId = rows.at(-1)?.templateId;
    }
    return read;
  }
}
