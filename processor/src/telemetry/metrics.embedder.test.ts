import { describe, expect, it } from 'vitest';
import { CachedEmbedder, MemoryEmbeddingCache, type EmbeddingProvider } from '../embeddings/index.js';
import { embeddingCacheHits, embeddingCacheMisses, embeddingCalls } from './metrics.js';
import { meteredCache, meteredProvider } from './metrics.embedder.js';
import { metricValue } from './metrics.test-helpers.js';

const fake: EmbeddingProvider = {
  name: 'unit-fake',
  model: 'm',
  dimensions: 2,
  embed: (texts) => Promise.resolve(texts.map(() => new Float32Array([1, 0]))),
};

describe('metered embeddings', () => {
  it('counts provider calls and cache hits/misses through CachedEmbedder', async () => {
    const before = {
      calls: await metricValue(embeddingCalls, { provider: 'unit-fake' }),
      hits: await metricValue(embeddingCacheHits),
      misses: await metricValue(embeddingCacheMisses),
    };
    const embedder = new CachedEmbedder(meteredProvider(fake), meteredCache(new MemoryEmbeddingCache()));
    await embedder.embedTemplates([{ id: 'a', text: 'x' }, { id: 'b', text: 'y' }]);
    const vectors = await embedder.embedTemplates([{ id: 'a', text: 'x' }, { id: 'c', text: 'z' }]);
    expect(vectors).toHaveLength(2);
    expect(await metricValue(embeddingCalls, { provider: 'unit-fake' })).toBe(before.calls + 2);
    expect(await metricValue(embeddingCacheHits)).toBe(before.hits + 1);
    expect(await metricValue(embeddingCacheMisses)).toBe(before.misses + 3);
  });

  it('keeps the provider identity and its optional methods (duck-typed by the detectors)', () => {
    class WithWords {
      readonly name = 'words';
      readonly model = 'm';
      readonly dimensions = 1;
      private readonly scale = 3;
      embed(texts: string[]): Promise<Float32Array[]> {
        return Promise.resolve(texts.map(() => new Float32Array([this.scale])));
      }
      wordVectors(text: string): number {
        return text.length * this.scale;
      }
    }
    const wrapped = meteredProvider(new WithWords());
    expect([wrapped.name, wrapped.model, wrapped.dimensions]).toEqual(['words', 'm', 1]);
    // Detached on purpose: the detect processor calls it after `.bind(provider)` on the proxy.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const { wordVectors } = wrapped;
    expect(typeof wordVectors).toBe('function');
    expect(wordVectors('abcd')).toBe(12);
  });
});
