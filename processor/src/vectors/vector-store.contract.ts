import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VectorStore } from './vector-store.js';

const v = (...xs: number[]): Float32Array => Float32Array.from(xs);

/**
 * The behaviour every `VectorStore` must show, run once per implementation. `factory` returns a
 * fresh, empty store of 3-dimensional vectors (for Qdrant: a new collection).
 */
export function describeVectorStoreContract(name: string, factory: () => Promise<VectorStore>, options: { readonly skip?: string } = {}): void {
  const suite = options.skip === undefined ? describe : describe.skip;
  suite(`VectorStore contract: ${name}${options.skip === undefined ? '' : ` (skipped: ${options.skip})`}`, () => {
    let store: VectorStore;
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      await store.close();
    });

    it('returns nearest points by cosine similarity, best first, with their payload', async () => {
      await store.upsert([
        { id: 'east', vector: v(1, 0, 0), payload: { service: 'a' } },
        { id: 'north-east', vector: v(1, 1, 0), payload: { service: 'b' } },
        { id: 'west', vector: v(-1, 0, 0), payload: { service: 'a' } },
      ]);
      const hits = await store.search(v(2, 0, 0), 2);
      expect(hits.map((h) => h.id)).toEqual(['east', 'north-east']);
      expect(hits[0]?.score).toBeCloseTo(1, 5);
      expect(hits[1]?.score).toBeCloseTo(Math.SQRT1_2, 5);
      expect(hits[0]?.payload).toEqual({ service: 'a' });
    });

    it('scores are cosine, independent of vector length', async () => {
      await store.upsert([{ id: 'long', vector: v(100, 0, 0) }]);
      const [hit] = await store.search(v(0.001, 0.001, 0), 1);
      expect(hit?.score).toBeCloseTo(Math.SQRT1_2, 4);
    });

    it('applies minScore and payload filters', async () => {
      await store.upsert([
        { id: 'east', vector: v(1, 0, 0), payload: { service: 'a' } },
        { id: 'north-east', vector: v(1, 1, 0), payload: { service: 'b' } },
        { id: 'north', vector: v(0, 1, 0), payload: { service: 'a' } },
      ]);
      expect((await store.search(v(1, 0, 0), 10, { minScore: 0.5 })).map((h) => h.id)).toEqual(['east', 'north-east']);
      expect((await store.search(v(1, 0, 0), 10, { filter: { service: 'b' } })).map((h) => h.id)).toEqual(['north-east']);
    });

    it('upsert replaces an id instead of duplicating it', async () => {
      await store.upsert([{ id: 't1', vector: v(1, 0, 0), payload: { n: 1 } }]);
      await store.upsert([{ id: 't1', vector: v(0, 1, 0), payload: { n: 2 } }]);
      expect(await store.count()).toBe(1);
      const [hit] = await store.search(v(0, 1, 0), 1);
      expect(hit).toMatchObject({ id: 't1', payload: { n: 2 } });
      expect(hit?.score).toBeCloseTo(1, 5);
    });

    it('gets stored points by id (any string id) and skips unknown ids', async () => {
      await store.upsert([{ id: 'tpl:ab/c d', vector: v(0, 0, 2), payload: { kind: 'x' } }]);
      const got = await store.get(['tpl:ab/c d', 'missing']);
      expect(got).toHaveLength(1);
      expect(got[0]?.id).toBe('tpl:ab/c d');
      expect(got[0]?.payload).toEqual({ kind: 'x' });
      // Stores may normalise; the direction must survive.
      const vec = got[0]?.vector ?? new Float32Array(3);
      expect(vec[2]).toBeGreaterThan(0);
      expect(Math.abs(vec[0] ?? 1) + Math.abs(vec[1] ?? 1)).toBeLessThan(1e-6);
    });

    it('deletes points and counts what is left', async () => {
      await store.upsert([
        { id: 'a', vector: v(1, 0, 0) },
        { id: 'b', vector: v(0, 1, 0) },
        { id: 'c', vector: v(0, 0, 1) },
      ]);
      await store.delete(['a', 'nope']);
      expect(await store.count()).toBe(2);
      expect((await store.search(v(1, 0, 0), 3)).map((h) => h.id).sort()).toEqual(['b', 'c']);
      expect(await store.get(['a'])).toEqual([]);
      expect((await store.get(['c']))[0]?.id).toBe('c');
    });

    it('an empty store finds nothing', async () => {
      expect(await store.search(v(1, 0, 0), 5)).toEqual([]);
      expect(await store.count()).toBe(0);
    });
  });
}
