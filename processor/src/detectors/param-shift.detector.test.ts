import { describe, expect, it } from 'vitest';
import { ParamShiftDetector } from './param-shift.detector.js';
import { ev } from './test-helpers.js';

describe('ParamShiftDetector on structured fields', () => {
  it('follows a numeric field of a logfmt/JSON record (the message has no parameters)', () => {
    const d = new ParamShiftDetector();
    let seed = 5;
    const noise = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const at = (ms: number) => ev('charge captured', { attributes: { duration_ms: Math.round(ms), currency: 'USD', order_id: String(180_000 + Math.floor(noise() * 80_000)) } });
    for (let i = 0; i < 100; i++) d.learn(at(100 + noise() * 200));
    let last = d.score(at(200));
    expect(last.score).toBeLessThan(0.5);
    for (let i = 0; i < 8; i++) {
      const e = at(4000 + noise() * 4000);
      last = d.score(e);
      d.learn(e);
    }
    expect(last.score).toBeGreaterThan(0.5);
    expect(last.evidence.field).toBe('@duration_ms');
  });
});

describe('ParamShiftDetector on template parameters', () => {
  const line = (ms: number) => ev('request served in <*> ms', { params: [`${ms}`] });

  it('flags a level shift after the baseline ring has wrapped, but not one odd value', () => {
    const d = new ParamShiftDetector();
    // 500 values: the 200-value baseline ring wraps twice
    for (let i = 0; i < 500; i++) d.learn(line(100 + ((i * 3) % 7) * 10));
    const odd = line(5000);
    expect(d.score(odd).score).toBeLessThan(0.5);
    d.learn(odd);
    let last = d.score(line(5000));
    for (let i = 0; i < 6; i++) {
      const e = line(4800 + i * 50);
      last = d.score(e);
      d.learn(e);
    }
    expect(last.score).toBeGreaterThan(0.5);
    expect(last.evidence).toMatchObject({ field: '#0', direction: 'up' });
  });

  it('ignores counters, dates and host:port parameters', () => {
    const d = new ParamShiftDetector();
    const e = (i: number) => ev('job <*> at <*> on <*>', { params: [`${1000 + i}`, '24/Nov/2026', '10.0.1.21:8080'] });
    for (let i = 0; i < 300; i++) d.learn(e(i));
    // the counter keeps growing: never a shift
    expect(d.score(e(100_000)).score).toBe(0);
  });
});

describe('ParamShiftDetector field series', () => {
  it('follows each field by name when the field order changes from line to line', () => {
    const d = new ParamShiftDetector();
    let seed = 11;
    const noise = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    // the same template with its fields in alternating order: a series per rank would mix them
    const at = (i: number, latency: number) => {
      const size = Math.round(5000 + noise() * 500);
      const attributes = i % 2 === 0 ? { latency_ms: Math.round(latency), size } : { size, latency_ms: Math.round(latency) };
      return ev('upload done', { attributes });
    };
    for (let i = 0; i < 120; i++) d.learn(at(i, 100 + noise() * 50));
    let last = d.score(at(120, 120));
    expect(last.score).toBe(0);
    for (let i = 121; i < 130; i++) {
      const e = at(i, 6000 + noise() * 500);
      last = d.score(e);
      d.learn(e);
    }
    expect(last.score).toBeGreaterThan(0.5);
    expect(last.evidence.field).toBe('@latency_ms');
    expect(last.evidence.observed).toBeGreaterThan(5000);
  });
});
