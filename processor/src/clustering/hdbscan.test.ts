import { describe, expect, it } from 'vitest';
import { hdbscan } from './hdbscan.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

/** Gaussian blobs plus uniform noise, with the true labels (-1 for noise). */
function blobs(perBlob: number, centres: number, dims: number, noise: number, seed = 1): { points: Float32Array[]; truth: number[] } {
  const r = rng(seed);
  const points: Float32Array[] = [];
  const truth: number[] = [];
  for (let c = 0; c < centres; c++) {
    const centre = Array.from({ length: dims }, () => (r() - 0.5) * 40);
    for (let i = 0; i < perBlob; i++) {
      points.push(Float32Array.from(centre, (x) => x + gauss(r) * 0.6));
      truth.push(c);
    }
  }
  for (let i = 0; i < noise; i++) {
    points.push(Float32Array.from({ length: dims }, () => (r() - 0.5) * 60));
    truth.push(-1);
  }
  return { points, truth };
}

/** Adjusted Rand index of two labelings. */
function ari(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const pair = new Map<string, number>();
  const ca = new Map<number, number>();
  const cb = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    pair.set(`${x},${y}`, (pair.get(`${x},${y}`) ?? 0) + 1);
    ca.set(x, (ca.get(x) ?? 0) + 1);
    cb.set(y, (cb.get(y) ?? 0) + 1);
  }
  const c2 = (k: number): number => (k * (k - 1)) / 2;
  const sumPairs = [...pair.values()].reduce((s, v) => s + c2(v), 0);
  const sa = [...ca.values()].reduce((s, v) => s + c2(v), 0);
  const sb = [...cb.values()].reduce((s, v) => s + c2(v), 0);
  const expected = (sa * sb) / c2(n);
  return (sumPairs - expected) / ((sa + sb) / 2 - expected);
}

describe('hdbscan', () => {
  it('recovers Gaussian blobs and marks scattered points as noise (ARI ≥ 0.9)', () => {
    const { points, truth } = blobs(60, 4, 5, 20);
    const res = hdbscan(points, { minClusterSize: 8 });
    expect(res.clusterCount).toBe(4);
    expect(ari(res.labels, truth)).toBeGreaterThanOrEqual(0.9);
    const noiseFound = truth.filter((t, i) => t === -1 && res.labels[i] === -1).length;
    expect(noiseFound).toBeGreaterThanOrEqual(15);
  });

  it('gives outliers higher outlier scores than cluster members', () => {
    const { points, truth } = blobs(50, 3, 4, 10, 7);
    const res = hdbscan(points, { minClusterSize: 6 });
    const mean = (want: boolean): number => {
      const xs = truth.flatMap((t, i) => ((t === -1) === want ? [res.outlierScores[i] as number] : []));
      return xs.reduce((s, v) => s + v, 0) / xs.length;
    };
    expect(mean(true)).toBeGreaterThan(mean(false) + 0.3);
  });

  it('works in high dimensions through the PCA projection', () => {
    const { points, truth } = blobs(40, 3, 100, 0, 3);
    const res = hdbscan(points, { minClusterSize: 5, reduceTo: 16, reduceAbove: 0 });
    expect(ari(res.labels, truth)).toBeGreaterThanOrEqual(0.9);
  });

  it('handles tiny inputs without throwing', () => {
    expect(hdbscan([]).labels.length).toBe(0);
    expect([...hdbscan([new Float32Array([1, 2])]).labels]).toEqual([-1]);
    expect(hdbscan([new Float32Array([0]), new Float32Array([0]), new Float32Array([1])], { minClusterSize: 2 }).labels.length).toBe(3);
  });
});
