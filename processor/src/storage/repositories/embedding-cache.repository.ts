import type { Knex } from '@mikro-orm/postgresql';
import { chunks } from '../sql.js';

/** The `embedding_cache` table, keyed by (template id, provider, model). */
export class EmbeddingCacheRepository {
  constructor(
    private readonly knex: Knex,
    private readonly chunkSize = 500,
  ) {}

  /** Cached vectors for the ids that have one; missing ids are simply absent from the map. */
  async getMany(provider: string, model: string, templateIds: readonly string[]): Promise<Map<string, number[]>> {
    const found = new Map<string, number[]>();
    for (const part of chunks(templateIds, this.chunkSize)) {
      const rows = (await this.knex('embedding_cache')
        .select('template_id', 'vector')
        .where({ provider, model })
        .whereIn('template_id', part)) as Array<{ template_id: string; vector: number[] }>;
      for (const row of rows) found.set(row.template_id, row.vector.map(Number));
    }
    return found;
  }

  /** Stores (or replaces) vectors. float4 keeps ~7 significant digits. */
  async putMany(provider: string, model: string, vectors: ReadonlyMap<string, readonly number[]>): Promise<void> {
    const entries = [...vectors.entries()];
    for (const part of chunks(entries, this.chunkSize)) {
      const rows = part.map(([templateId, vector]) => ({ template_id: templateId, provider, model, vector: [...vector] }));
      await this.knex('embedding_cache')
        .insert(rows)
        .onConflict(['template_id', 'provider', 'model'])
        .merge(['vector', 'created_at']);
    }
  }
}
