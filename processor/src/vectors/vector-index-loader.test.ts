import { describe, expect, it } from 'vitest';
import type { TemplateVectorRepository, TemplateVectorRow } from '../storage/repositories/template-vector.repository.js';
import { EmbeddedVectorStore } from './embedded.vector-store.js';
import { VectorIndexLoader } from './vector-index-loader.js';

/** The repository's paging contract over an in-memory table (ordered by id, created_at filter). */
function fakeRepository(rows: TemplateVectorRow[]): { repo: TemplateVectorRepository; calls: Array<{ since?: Date; afterId?: string }> } {
  const calls: Array<{ since?: Date; afterId?: string }> = [];
  const repo = {
    page: (_provider: string, _model: string, o: { since?: Date; afterId?: string; limit: number }) => {
      calls.push({ since: o.since, afterId: o.afterId });
      const matching = rows
        .filter((r) => (o.since === undefined || r.createdAt >= o.since) && (o.afterId === undefined || r.templateId > o.afterId))
        .sort((a, b) => (a.templateId < b.templateId ? -1 : 1));
      return Promise.resolve(matching.slice(0, o.limit));
    },
  } as unknown as TemplateVectorRepository;
  return { repo, calls };
}

const row = (id: string, at: number, x: number): TemplateVectorRow => ({ templateId: id, vector: Float32Array.of(x, 1), createdAt: new Date(at) });

describe('VectorIndexLoader', () => {
  it('loads everything in pages at start-up, then only what was written since (minus the overlap)', async () => {
    const rows = [row('a', 1000, 1), row('b', 1000, 2), row('c', 2000, 3)];
    const { repo, calls } = fakeRepository(rows);
    const store = new EmbeddedVectorStore(2);
    const loader = new VectorIndexLoader(repo, store, { provider: 'p', model: 'm' }, { pageSize: 2, overlapMs: 500 });
    expect(await loader.sync()).toBe(3);
    expect(await store.count()).toBe(3);
    expect(calls.map((c) => c.afterId)).toEqual([undefined, 'b']);

    rows.push(row('d', 9000, 4));
    calls.length = 0;
    // 'c' (written at 2000) falls inside the overlap after the newest row seen, so it is read again.
    expect(await loader.sync()).toBe(2);
    expect(calls[0]?.since?.getTime()).toBe(1500);
    expect((await store.get(['d']))[0]?.id).toBe('d');
  });

  it('re-reading overlapping rows replaces them instead of duplicating', async () => {
    const { repo } = fakeRepository([row('a', 1000, 1)]);
    const store = new EmbeddedVectorStore(2);
    const loader = new VectorIndexLoader(repo, store, { provider: 'p', model: 'm' }, { overlapMs: 60_000 });
    await loader.sync();
    await loader.sync();
    expect(await store.count()).toBe(1);
  });
});
