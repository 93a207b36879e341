import { describe, expect, it } from 'vitest';
import type { Severity } from '../domain/log-record.js';
import { RateDetector, parseRateKey, rateConfigSchema } from './rate.detector.js';
import { ev } from './test-helpers.js';

const cfg = rateConfigSchema.parse({ windowMs: 1000, minHistory: 5, minCount: 5, threshold: 4 });

/** Feeds `n` lines of one template in window `w` (score, then learn); returns the last score. */
function feed(d: RateDetector, w: number, id: string, n: number, over: { severity?: Severity; service?: string } = {}): number {
  let last = 0;
  for (let i = 0; i < n; i++) {
    const e = ev(id, { time: w * 1000 + i, service: over.service ?? null, severity: over.severity ?? 'INFO' });
    last = d.score(e).score;
    d.learn(e);
  }
  return last;
}

describe('RateDetector: known modes, levels, slow spikes, load', () => {
  it('does not flag a burst at a level the key already reached without incident (batch job)', () => {
    const d = new RateDetector(cfg);
    for (let w = 0; w < 40; w++) feed(d, w, 'export', w === 10 ? 60 : 3);
    // same burst again: a known mode
    expect(feed(d, 40, 'export', 60)).toBeLessThan(0.5);
    // a burst far above anything seen is still a spike
    expect(feed(d, 41, 'export', 300)).toBeGreaterThan(0.5);
  });

  it('tracks the ERROR lines of a template shared with normal lines', () => {
    const d = new RateDetector(cfg);
    for (let w = 0; w < 20; w++) {
      feed(d, w, 'access', 100);
      feed(d, w, 'access', w % 4 === 0 ? 1 : 0, { severity: 'ERROR' });
    }
    feed(d, 20, 'access', 100);
    const res = d.score(ev('access', { time: 20_900, severity: 'ERROR' }));
    expect(res.score).toBe(0);
    feed(d, 20, 'access', 30, { severity: 'ERROR' });
    const spike = d.score(ev('access', { time: 20_950, severity: 'ERROR' }));
    expect(spike.score).toBeGreaterThan(0.5);
    expect(parseRateKey(String(spike.evidence.key))).toEqual({ kind: 'level', id: 'access', level: 'ERROR' });
  });

  it('finds a rare line that rises slowly over several windows (never minCount in one)', () => {
    const d = new RateDetector(cfg);
    for (let w = 0; w < 30; w++) feed(d, w, 'timeout', w % 6 === 0 ? 1 : 0);
    let best = 0;
    for (let w = 30; w < 35; w++) best = Math.max(best, feed(d, w, 'timeout', 3));
    expect(best).toBeGreaterThan(0.5);
  });

  it('nets out service load: a template that doubles with its whole service is not a spike', () => {
    const d = new RateDetector(cfg);
    for (let w = 0; w < 20; w++) {
      feed(d, w, 'token', 20, { service: 'auth' });
      feed(d, w, 'session', 20, { service: 'auth' });
    }
    feed(d, 20, 'token', 60, { service: 'auth' });
    expect(feed(d, 20, 'session', 60, { service: 'auth' })).toBeLessThan(0.5);
    // alone, the same rise is a spike
    const solo = new RateDetector(cfg);
    for (let w = 0; w < 20; w++) {
      feed(solo, w, 'token', 20, { service: 'auth' });
      feed(solo, w, 'session', 20, { service: 'auth' });
    }
    feed(solo, 20, 'token', 20, { service: 'auth' });
    expect(feed(solo, 20, 'session', 60, { service: 'auth' })).toBeGreaterThan(0.5);
  });

  it('parses rate keys', () => {
    expect(parseRateKey('template:t_1')).toEqual({ kind: 'template', id: 't_1', level: null });
    expect(parseRateKey('service:api:v2')).toEqual({ kind: 'service', id: 'api:v2', level: null });
  });
});
