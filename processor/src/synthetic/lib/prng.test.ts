import { describe, expect, it } from 'vitest';
import { Rng, cumulativeWeights } from './prng.js';

describe('Rng', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    const c = new Rng(2);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });

  it('draws Poisson counts with the requested mean, small and large', () => {
    const rng = new Rng(9);
    for (const mean of [0.5, 4, 60]) {
      const n = 4000;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += rng.poisson(mean);
      expect(sum / n).toBeGreaterThan(mean * 0.93);
      expect(sum / n).toBeLessThan(mean * 1.07);
    }
  });

  it('picks weighted indexes in proportion to their weights', () => {
    const rng = new Rng(3);
    const cum = cumulativeWeights([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 8000; i++) counts[rng.weightedIndex(cum)]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.6);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.4);
  });

  it('keeps int() inside its inclusive bounds', () => {
    const rng = new Rng(4);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(rng.int(3, 5));
    expect([...seen].sort()).toEqual([3, 4, 5]);
  });
});
