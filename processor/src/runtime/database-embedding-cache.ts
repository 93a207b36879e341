import type { EmbeddingCache, EmbeddingKey } from '../embeddings/index.js';
import type { EmbeddingCacheRepository } from '../storage/index.js';

/**
 * Persistent embedding cache over `embedding_cache`, with the process-local map in front so a
 * template is fetched from the database at most once per process and embedded at most once
 * per (template, provider, model) ever.
 */
export class DatabaseEmbeddingCache implements EmbeddingCache {
  private readonly local = new Map<string, Float32Array>();

  constructor(private readonly repository: EmbeddingCacheRepository) {}

  async get(keys: readonly EmbeddingKey[]): Promise<Array<Float32Array | undefined>> {
    const result = keys.map((key) => this.local.get(localKey(key)));
    const misses = new Map<string, number[]>();
    keys.forEach((key, i) => {
      if (result[i] !== undefined) return;
      const group = `${key.provider}\u0000${key.model}`;
      misses.set(group, [...(misses.get(group) ?? []), i]);
    });
    for (const [group, indexes] of misses) {
      const [provider = '', model = ''] = group.split('\u0000');
      const ids = indexes.map((i) => (keys[i] as EmbeddingKey).templateId);
      const found = await this.repository.getMany(provider, model, ids);
      for (const i of indexes) {
        const key = keys[i] as EmbeddingKey;
        const vector = found.get(key.templateId);
        if (vector === undefined) continue;
        const typed = Float32Array.from(vector);
        this.local.set(localKey(key), typed);
        result[i] = typed;
      }
    }
    return result;
  }

  async set(entries: ReadonlyArray<{ readonly key: EmbeddingKey; readonly vector: Float32Array }>): Promise<void> {
    const groups = new Map<string, Map<string, number[]>>();
    for (const { key, vector } of entries) {
      this.local.set(localKey(key), vector);
      const group = `${key.provider}\u0000${key.model}`;
      const vectors = groups.get(group) ?? new Map<string, number[]>();
      vectors.set(key.templateId, Array.from(vector));
      groups.set(group, vectors);
    }
    for (const [group, vectors] of groups) {
      const [provider = '', model = ''] = group.split('\u0000');
      await this.repository.putMany(provider, model, vectors);
    }
  }
}

function localKey(key: EmbeddingKey): string {
  return `${key.provider}\u0000${key.model}\u0000${key.templateId}`;
}
