import { describe, expect, it } from 'vitest';
import { TemplateSlots, WindowCounts } from './template-slots.js';

describe('TemplateSlots', () => {
  it('creates one empty slot per id and returns the same one afterwards', () => {
    const slots = new TemplateSlots();
    expect(slots.get('t1')).toBeUndefined();
    const a = slots.of('t1');
    expect(a).toMatchObject({ id: 't1', embedding: undefined, service: undefined, level: undefined, incident: undefined, severity: undefined, outlier: undefined, outlierVersion: -1 });
    a.service = 'api';
    expect(slots.of('t1')).toBe(a);
    expect(slots.get('t1')?.service).toBe('api');
  });
});

describe('WindowCounts', () => {
  it('counts lines per template in order of first appearance, window by window', () => {
    const slots = new TemplateSlots();
    const [a, b] = [slots.of('a'), slots.of('b')];
    const w1 = new WindowCounts(1);
    for (const s of [b, a, b, b]) w1.add(s);
    expect(w1.size).toBe(2);
    expect([...w1.counts()]).toEqual([['b', 3], ['a', 1]]);
    // a new window starts every template from zero, whatever the previous window counted
    const w2 = new WindowCounts(2);
    w2.add(a);
    expect([...w2.counts()]).toEqual([['a', 1]]);
    expect(new WindowCounts(3).size).toBe(0);
  });
});
