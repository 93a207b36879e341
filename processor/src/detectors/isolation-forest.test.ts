import { describe, expect, it } from 'vitest';
import { IsolationForestModel } from './isolation-forest.js';

function grid(): number[][] {
  let s = 11;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Array.from({ length: 300 }, () => [rnd(), rnd(), 5]);
}

describe('IsolationForestModel', () => {
  it('is deterministic for a seed and isolates outliers', () => {
    const rows = grid();
    const a = new IsolationForestModel(50, 128, 7);
    const b = new IsolationForestModel(50, 128, 7);
    a.fit(rows);
    b.fit(rows);
    const probe = [[0.5, 0.5, 5], [3, 0.5, 5], [0.5, 0.5, 9]];
    expect(a.predict(probe)).toEqual(b.predict(probe));
    const [inside, far, offAxis] = a.predict(probe) as [number, number, number];
    expect(far).toBeGreaterThan(0.7);
    expect(inside).toBeLessThan(0.55);
    // a feature that never varied in training cannot split; the point is judged on the others
    expect(offAxis).toBeCloseTo(inside, 5);
  });

  it('returns nothing before fit', () => {
    expect(new IsolationForestModel().predict([[1]])).toEqual([]);
  });
});
