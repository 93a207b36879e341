/**
 * Vector store and template clustering timings: `npx tsx processor/bench/vectors.bench.ts`.
 * Embedded exact cosine top-10 over N 100-d template vectors, and clusterTemplates (HDBSCAN)
 * over N templates drawn around 40 topics with a shared component (like averaged word vectors).
 * Prints a table; writes bench-results/vectors.json. Synthetic vectors: timings only, no quality.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { clusterTemplates } from '../src/clustering/index.js';
import { EmbeddedVectorStore } from '../src/vectors/index.js';

const DIMS = 100;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function vectors(n: number, seed = 1): Float32Array[] {
  const r = rng(seed);
  const common = Float32Array.from({ length: DIMS }, () => r());
  const topics = Array.from({ length: 40 }, () => Float32Array.from({ length: DIMS }, () => (r() - 0.5) * 2));
  return Array.from({ length: n }, (_, i) => {
    const t = topics[i % topics.length] as Float32Array;
    return Float32Array.from({ length: DIMS }, (_, d) => (common[d] as number) + (t[d] as number) + (r() - 0.5) * 0.8);
  });
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
}

const rows: Array<Record<string, string | number>> = [];

for (const n of [1000, 5000, 20_000]) {
  const store = new EmbeddedVectorStore(DIMS);
  const vs = vectors(n);
  let t = performance.now();
  await store.upsert(vs.map((vector, i) => ({ id: `t${i}`, vector })));
  const loadMs = performance.now() - t;
  const queries = vectors(200, 99);
  const times: number[] = [];
  for (const q of queries) {
    t = performance.now();
    await store.search(q, 10);
    times.push(performance.now() - t);
  }
  rows.push({ case: `embedded search top-10, ${n} templates`, load_ms: Math.round(loadMs), p50_ms: +percentile(times, 0.5).toFixed(2), p95_ms: +percentile(times, 0.95).toFixed(2) });
}

for (const n of [500, 2000, 5000]) {
  const vs = vectors(n, 3);
  const t = performance.now();
  const result = clusterTemplates(vs.map((vector, i) => ({ id: `t${i}`, text: `topic ${i % 40} event`, count: 1, vector })), { maxTemplates: n });
  rows.push({ case: `clusterTemplates, ${n} templates`, ms: Math.round(performance.now() - t), clusters: result.clusters.length, outliers: result.members.filter((m) => m.clusterId === null).length });
}

console.table(rows);
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/vectors.json', JSON.stringify({ at: new Date().toISOString(), rows }, null, 2));
