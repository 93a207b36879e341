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

describe('IsolationForestModel.fitScored', () => {
  /** Window-like rows: mostly-zero count columns (constant in many nodes), a few busy ones, duplicates. */
  function windows(seed: number, n: number, width: number): number[][] {
    let s = seed;
    const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    return Array.from({ length: n }, (_, r) =>
      Array.from({ length: width }, (_, f) => (f % 3 === 0 ? Math.log1p(Math.floor(rnd() * 50)) : f % 3 === 1 && rnd() < 0.1 ? Math.log1p(r % 4) : 0)),
    );
  }

  it('gives exactly what fit then predict give, also on the rows of a later refit', () => {
    for (const [seed, n, width] of [[1, 120, 69], [2, 30, 10], [3, 7, 4], [4, 256, 20]] as const) {
      const rows = windows(seed, n, width);
      const a = new IsolationForestModel(100, 256, 42);
      const b = new IsolationForestModel(100, 256, 42);
      a.fit(rows);
      expect(b.fitScored(rows)).toEqual(a.predict(rows));
      // the fitted forests are the same too: same scores for rows they were not grown on
      const probe = windows(seed + 100, 20, width);
      expect(b.predict(probe)).toEqual(a.predict(probe));
    }
  });

  it('grows the same trees as before features found constant were skipped (scores of the original implementation)', () => {
    const rows = windows(1, 120, 69);
    const m = new IsolationForestModel(100, 256, 42);
    expect(m.fitScored(rows).slice(0, 4)).toEqual([0.4133102958720936, 0.43285007218582083, 0.4554310729398994, 0.4430365126173942]);
    expect(m.predict(windows(101, 3, 69))).toEqual([0.40768347894764256, 0.4608329817112938, 0.39748983730008336]);
  });

  it('falls back to predict when trees see a sample or values are missing', () => {
    const rows = windows(5, 300, 12);
    const a = new IsolationForestModel(50, 128, 9);
    a.fit(rows);
    expect(new IsolationForestModel(50, 128, 9).fitScored(rows)).toEqual(a.predict(rows));
    const ragged = windows(6, 40, 8).map((r, i) => (i % 5 === 0 ? r.slice(0, 6) : r));
    const c = new IsolationForestModel(50, 256, 9);
    c.fit(ragged);
    expect(new IsolationForestModel(50, 256, 9).fitScored(ragged)).toEqual(c.predict(ragged));
  });
});
