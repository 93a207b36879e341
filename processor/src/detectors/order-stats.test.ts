import { describe, expect, it } from 'vitest';
import { medianInPlace, selectKth } from './order-stats.js';
import { sortedMedian } from './rate-stats.js';

/** Deterministic values with many ties (like log-values of round latencies). */
function values(seed: number, n: number): Float64Array {
  let s = seed;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Float64Array.from({ length: n }, () => (rnd() < 0.5 ? Math.floor(rnd() * 5) : Math.log1p(rnd() * 1000)));
}

describe('selectKth', () => {
  it('finds every order statistic and partitions around it', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const n = 1 + (seed * 7) % 210;
      const sorted = values(seed, n).sort();
      for (const k of [0, n >> 1, n - 1, Math.floor(n / 3)]) {
        const a = values(seed, n);
        expect(selectKth(a, n, k)).toBe(sorted[k]);
        for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(a[k] as number);
        for (let i = k + 1; i < n; i++) expect(a[i]).toBeGreaterThanOrEqual(a[k] as number);
      }
    }
  });
});

describe('medianInPlace', () => {
  it('equals the median of a sorted copy, bit for bit, on odd, even and empty inputs', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const n = seed % 203;
      const a = values(seed, n);
      expect(medianInPlace(a, n)).toBe(sortedMedian(values(seed, n).sort()));
    }
  });

  it('only reads the first n values', () => {
    expect(medianInPlace(Float64Array.from([3, 1, 2, 100, 100]), 3)).toBe(2);
    expect(medianInPlace(Float64Array.from([4, 1, 3, 2, -50]), 4)).toBe(2.5);
  });
});
