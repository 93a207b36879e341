import type { EmbeddingCache, EmbeddingKey, EmbeddingProvider } from '../embeddings/index.js';
import { embeddingCacheHits, embeddingCacheMisses, embeddingCalls } from './metrics.js';

/**
 * Wraps a provider so each `embed` request counts in `ailog_embedding_calls_total{provider}`.
 * A wrapper rather than a change to `CachedEmbedder`: the embedding code stays free of metrics,
 * and only what really reaches the provider (cache misses) is counted. A proxy, not a new object,
 * because callers duck-type optional provider methods (GloVe's `wordVectors`) that must stay visible.
 */
export function meteredProvider<P extends EmbeddingProvider>(provider: P): P {
  const embed = (texts: string[]): Promise<Float32Array[]> => {
    embeddingCalls.inc({ provider: provider.name });
    return provider.embed(texts);
  };
  return new Proxy(provider, {
    get(target, property) {
      if (property === 'embed') return embed;
      const value: unknown = Reflect.get(target, property, target);
      // Bound to the real provider so its own fields (and `this`) are used, not the proxy's.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Wraps an embedding cache so every lookup counts as a hit or a miss. */
export function meteredCache(cache: EmbeddingCache): EmbeddingCache {
  return {
    get: async (keys: readonly EmbeddingKey[]) => {
      const found = await cache.get(keys);
      let hits = 0;
      for (const v of found) if (v !== undefined) hits += 1;
      if (hits > 0) embeddingCacheHits.inc(hits);
      if (found.length - hits > 0) embeddingCacheMisses.inc(found.length - hits);
      return found;
    },
    set: (entries) => cache.set(entries),
  };
}
