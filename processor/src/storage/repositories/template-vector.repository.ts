import type { Knex } from '@mikro-orm/postgresql';
import { asDate } from '../sql.js';

/** One cached template embedding with when it was (re)written. */
export interface TemplateVectorRow {
  readonly templateId: string;
  readonly vector: Float32Array;
  readonly createdAt: Date;
}

/** A (provider, model) present in the embedding cache with its vector count. */
export interface EmbeddingSpace {
  readonly provider: string;
  readonly model: string;
  readonly count: number;
}

/**
 * Bulk reads of `embedding_cache` for the vector index and clustering. The cache is written by
 * the embed stage (`EmbeddingCacheRepository`); this side only reads it.
 */
export class TemplateVectorRepository {
  constructor(private readonly knex: Knex) {}

  /**
   * Vectors written at or after `since` (all when undefined), paged by template id (`afterId`).
   * Paging by id, not by time: one batch writes all its rows with the same `now()`, which a
   * millisecond Date cannot tell apart.
   */
  async page(provider: string, model: string, options: { readonly since?: Date; readonly afterId?: string; readonly limit: number }): Promise<TemplateVectorRow[]> {
    const query = this.knex('embedding_cache')
      .select('template_id', 'vector', 'created_at')
      .where({ provider, model })
      .orderBy('template_id')
      .limit(options.limit);
    if (options.since !== undefined) void query.where('created_at', '>=', options.since);
    if (options.afterId !== undefined) void query.where('template_id', '>', options.afterId);
    const rows = (await query) as Array<{ template_id: string; vector: number[]; created_at: Date | string }>;
    return rows.map((r) => ({ templateId: r.template_id, vector: Float32Array.from(r.vector, Number), createdAt: asDate(r.created_at) }));
  }

  /** Every (provider, model) in the cache, most vectors first. */
  async spaces(): Promise<EmbeddingSpace[]> {
    const rows = (await this.knex('embedding_cache')
      .select('provider', 'model')
      .count({ count: '*' })
      .groupBy('provider', 'model')
      .orderBy([{ column: 'count', order: 'desc' }, { column: 'provider' }, { column: 'model' }])) as Array<{ provider: string; model: string; count: string | number }>;
    return rows.map((r) => ({ provider: r.provider, model: r.model, count: Number(r.count) }));
  }

  /** Vectors of stored templates (joined with `templates`, so aliased-away ids drop out), most frequent first. */
  async templatesWithVectors(provider: string, model: string, limit: number): Promise<Array<{ id: string; text: string; count: number; vector: Float32Array }>> {
    const rows = (await this.knex('templates as t')
      .join('embedding_cache as e', 'e.template_id', 't.id')
      .select('t.id', 't.text', 't.count', 'e.vector')
      .where({ 'e.provider': provider, 'e.model': model })
      .orderBy([{ column: 't.count', order: 'desc' }, { column: 't.id' }])
      .limit(limit)) as Array<{ id: string; text: string; count: string | number; vector: number[] }>;
    return rows.map((r) => ({ id: r.id, text: r.text, count: Number(r.count), vector: Float32Array.from(r.vector, Number) }));
  }
}
