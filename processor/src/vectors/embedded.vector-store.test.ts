import { describe, expect, it } from 'vitest';
import { BadInputError } from '../domain/errors.js';
import { EmbeddedVectorStore } from './embedded.vector-store.js';
import { describeVectorStoreContract } from './vector-store.contract.js';

describeVectorStoreContract('embedded', () => Promise.resolve(new EmbeddedVectorStore(3)));

describe('EmbeddedVectorStore', () => {
  it('refuses vectors of another size as bad input', async () => {
    const store = new EmbeddedVectorStore(3);
    await expect(store.upsert([{ id: 'x', vector: Float32Array.from([1, 2]) }])).rejects.toBeInstanceOf(BadInputError);
    await expect(store.search(Float32Array.from([1, 2, 3, 4]), 1)).resolves.toEqual([]);
  });

  it('takes its size from the first upsert when none is given, and grows past its initial capacity', async () => {
    const store = new EmbeddedVectorStore();
    const points = Array.from({ length: 500 }, (_, i) => ({ id: `t${i}`, vector: Float32Array.from([Math.cos(i / 100), Math.sin(i / 100)]) }));
    await store.upsert(points);
    expect(await store.count()).toBe(500);
    const hits = await store.search(Float32Array.from([Math.cos(2.5), Math.sin(2.5)]), 3);
    expect(hits[0]?.id).toBe('t250');
    expect(hits.map((h) => h.id).sort()).toEqual(['t249', 't250', 't251']);
  });

  it('keeps the remaining points findable after deleting from the middle', async () => {
    const store = new EmbeddedVectorStore(2);
    await store.upsert(['a', 'b', 'c'].map((id, i) => ({ id, vector: Float32Array.from([i + 1, 1]) })));
    await store.delete(['a']);
    const [hit] = await store.search(Float32Array.from([3, 1]), 1);
    expect(hit?.id).toBe('c');
    expect(hit?.score).toBeCloseTo(1, 5);
  });
});
