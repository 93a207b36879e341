import { describe, expect, it } from 'vitest';
import { normaliseForComparison, scoreParsing } from './parsing-metrics.js';
import { parseCsvRecords } from './csv-reader.js';

describe('scoreParsing', () => {
  it('computes GA, PA, FGA, FTA', () => {
    const s = scoreParsing([
      { trueGroup: 'E1', trueTemplate: 'a <*>', predGroup: 'p1', predTemplate: 'a <*>' },
      { trueGroup: 'E1', trueTemplate: 'a <*>', predGroup: 'p1', predTemplate: 'a <*>' },
      { trueGroup: 'E2', trueTemplate: 'b <*>', predGroup: 'p2', predTemplate: 'b x' },
      { trueGroup: 'E2', trueTemplate: 'b <*>', predGroup: 'p3', predTemplate: 'b <*>' },
    ]);
    expect(s.ga).toBe(0.5);
    expect(s.pa).toBe(0.75);
    expect(s.fga).toBeCloseTo((2 * (1 / 3) * (1 / 2)) / (1 / 3 + 1 / 2));
    expect(s.fta).toBeCloseTo(s.fga);
  });

  it('normalises whitespace and adjacent wildcards only', () => {
    expect(normaliseForComparison('  a   <*><*> b ')).toBe('a <*> b');
    expect(normaliseForComparison('<*> <*>')).toBe('<*> <*>');
  });
});

describe('parseCsvRecords', () => {
  it('handles quotes, doubled quotes and embedded newlines', () => {
    const rows = parseCsvRecords('id,text\r\n1,"a, ""b""\nc"\n2,plain\n');
    expect(rows).toEqual([
      { id: '1', text: 'a, "b"\nc' },
      { id: '2', text: 'plain' },
    ]);
  });
});
