import { describe, expect, it } from 'vitest';
import { mad, median } from './detector.js';
import { shiftSorted, sortedCopy, sortedMad, sortedMedian, statsOf, statsOfSorted } from './rate-stats.js';

/** Deterministic pseudo-random integers (LCG), skewed like window counts: mostly small, some bursts. */
function counts(seed: number, n: number): number[] {
  let s = seed;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Array.from({ length: n }, () => Math.floor(rnd() * (rnd() < 0.8 ? 4 : 60)));
}

describe('sorted-array median and MAD', () => {
  it('equal the sorting definitions on odd, even, tied and empty inputs', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const xs = counts(seed, seed % 70);
      const sorted = Float64Array.from(xs).sort();
      const med = sortedMedian(sorted);
      expect(med).toBe(median(xs));
      expect(1.4826 * sortedMad(sorted, med)).toBe(mad(xs, med));
    }
  });

  it('finds the MAD of a known sample', () => {
    // deviations from 3: 2 1 0 1 6 → sorted 0 1 1 2 6 → median 1
    expect(sortedMad(Float64Array.from([1, 2, 3, 4, 9]), 3)).toBe(1);
  });
});

describe('statsOf', () => {
  it('matches a naive computation of every statistic', () => {
    const hist = counts(7, 60);
    const st = statsOf(hist, 4);
    const mean = hist.reduce((a, b) => a + b, 0) / hist.length;
    const sorted = [...hist].sort((a, b) => a - b);
    expect(st.mean).toBeCloseTo(mean, 12);
    expect(st.sd).toBeCloseTo(Math.sqrt(hist.reduce((a, v) => a + (v - mean) ** 2, 0) / hist.length), 12);
    expect(st.q25).toBe(sorted[Math.floor(0.25 * 59)]);
    expect(st.q75).toBe(sorted[Math.floor(0.75 * 59)]);
    expect(st.med).toBe(median(hist));
    expect(st.mad).toBe(mad(hist));
    expect(st.tail).toBe(hist.slice(-4).reduce((a, b) => a + b, 0));
    expect(st.baseMean).toBeCloseTo(hist.slice(0, -4).reduce((a, b) => a + b, 0) / 56, 12);
  });
});

describe('a sorted history kept in step', () => {
  it('gives the statistics of a fresh sort after every window of a sliding history', () => {
    const stream = counts(11, 400);
    const hist: number[] = [];
    const sorted: number[] = [];
    for (const x of stream) {
      hist.push(x);
      const dropped = hist.length > 60 ? hist.shift() : undefined;
      expect(shiftSorted(sorted, x, dropped)).toBe(true);
      expect(sorted).toEqual(Array.from(sortedCopy(hist)));
      expect(statsOfSorted(hist, sorted, 4)).toEqual(statsOf(hist, 4));
    }
  });

  it('refuses to drop a value the array does not hold, leaving it untouched', () => {
    const sorted = [1, 2, 4];
    expect(shiftSorted(sorted, 3, 5)).toBe(false);
    expect(sorted).toEqual([1, 2, 4]);
  });
});
