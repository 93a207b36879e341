import { describe, expect, it } from 'vitest';
import { generatePiiCorpus } from './pii-corpus.js';
import { PII_TYPES } from './pii-types.js';

describe('generatePiiCorpus', () => {
  const corpus = generatePiiCorpus({ lines: 3000, seed: 7 });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generatePiiCorpus({ lines: 50, seed: 7 })).toEqual(corpus.slice(0, 50));
    expect(generatePiiCorpus({ lines: 50, seed: 8 })).not.toEqual(corpus.slice(0, 50));
  });

  it('labels non-empty, in-bounds, non-overlapping spans', () => {
    for (const line of corpus) {
      let last = -1;
      for (const s of line.spans) {
        expect(s.start).toBeGreaterThan(last - 1);
        expect(s.end).toBeGreaterThan(s.start);
        expect(s.end).toBeLessThanOrEqual(line.text.length);
        last = s.end;
      }
    }
  });

  it('covers every PII type, several systems, and lines without PII', () => {
    const types = new Set(corpus.flatMap((l) => l.spans.map((s) => s.type)));
    expect([...types].sort()).toEqual([...PII_TYPES].sort());
    expect(new Set(corpus.map((l) => l.system)).size).toBeGreaterThanOrEqual(6);
    expect(corpus.filter((l) => l.spans.length === 0).length).toBeGreaterThan(200);
  });
});
