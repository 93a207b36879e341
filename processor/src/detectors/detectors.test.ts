import { describe, expect, it } from 'vitest';
import { NewTemplateDetector } from './new-template.detector.js';
import { RateDetector, rateConfigSchema } from './rate.detector.js';
import { ParamShiftDetector } from './param-shift.detector.js';
import { SessionDetector } from './session.detector.js';
import { WindowForestDetector, windowForestConfigSchema, type WindowSummary } from './window-forest.detector.js';
import { IncidentDedup } from './incident-dedup.js';
import { SessionTracker } from './session-tracker.js';
import { noisyOr, squash } from './detector.js';
import { ev } from './test-helpers.js';

describe('squash / noisyOr', () => {
  it('maps the threshold to 0.5 and stays in [0,1]', () => {
    expect(squash(4, 4)).toBe(0.5);
    expect(squash(0, 4)).toBe(0);
    expect(squash(400, 4)).toBeLessThan(1);
    expect(squash(8, 4)).toBe(0.75);
    expect(noisyOr([0.5, 0.5])).toBeCloseTo(0.75);
  });
});

describe('NewTemplateDetector', () => {
  it('scores a first-seen template after a long steady stream high, a steady one near 0', () => {
    const d = new NewTemplateDetector({ warmupLines: 10, warmupMs: 0, alpha: 1, surpriseAt50: 2 });
    for (let i = 0; i < 1000; i++) d.learn(ev(i % 2 === 0 ? 'steady' : 'other'));
    const fresh = d.score(ev('brand-new'));
    expect(fresh.score).toBeGreaterThan(0.6);
    expect(fresh.evidence.isNew).toBe(true);
    expect(d.score(ev('steady')).score).toBeLessThan(0.01);
    d.learn(ev('brand-new'));
    expect(d.score(ev('brand-new')).score).toBeCloseTo(fresh.score / 2, 1);
  });

  it('finds novelty unsurprising while new templates keep arriving (Good–Turing)', () => {
    const d = new NewTemplateDetector({ warmupLines: 10, warmupMs: 0, alpha: 1, surpriseAt50: 2 });
    for (let i = 0; i < 1000; i++) d.learn(ev(i % 10 === 0 ? `one-off-${i}` : 'steady'));
    expect(d.score(ev('brand-new')).score).toBeLessThan(0.35);
  });

  it('damps novelty during warm-up', () => {
    const d = new NewTemplateDetector({ warmupLines: 100, warmupMs: 0, alpha: 1, surpriseAt50: 2 });
    for (let i = 0; i < 10; i++) d.learn(ev('a'));
    expect(d.score(ev('b')).score).toBeLessThan(0.1);
  });

  it('damps novelty during the first minutes of stream time, however many lines arrived', () => {
    const d = new NewTemplateDetector({ warmupLines: 10, warmupMs: 10 * 60_000, alpha: 1, surpriseAt50: 2 });
    for (let i = 0; i < 1000; i++) d.learn(ev('steady', { index: i, time: i * 100 }));
    const early = d.score(ev('brand-new', { index: 1000, time: 100_000 })).score;
    const late = d.score(ev('brand-new', { index: 1000, time: 20 * 60_000 })).score;
    expect(early).toBeLessThan(0.2 * late);
    expect(late).toBeGreaterThan(0.6);
    // without real timestamps there is no clock to warm up on
    expect(d.score(ev('brand-new', { index: 1000, time: 100_000, pseudoTime: true })).score).toBeCloseTo(late, 5);
  });
});

describe('RateDetector', () => {
  const cfg = rateConfigSchema.parse({ windowMs: 1000, minHistory: 5, minCount: 5, threshold: 4 });
  const feed = (d: RateDetector, minute: number, id: string, n: number): number => {
    let last = 0;
    for (let i = 0; i < n; i++) {
      const e = ev(id, { time: minute * 1000 + i });
      last = d.score(e).score;
      d.learn(e);
    }
    return last;
  };

  it('flags a spike while the window is still open', () => {
    const d = new RateDetector(cfg);
    for (let m = 0; m < 10; m++) feed(d, m, 'req', 10 + (m % 3));
    expect(feed(d, 10, 'req', 11)).toBeLessThan(0.5);
    expect(feed(d, 11, 'req', 80)).toBeGreaterThan(0.5);
  });

  it('reports a regular template that goes silent, and nothing for steady traffic', () => {
    const d = new RateDetector(cfg);
    for (let m = 0; m < 30; m++) {
      feed(d, m, 'heartbeat', 6);
      feed(d, m, 'req', 20);
    }
    feed(d, 30, 'req', 20);
    feed(d, 31, 'req', 20);
    feed(d, 32, 'req', 20);
    expect(d.drainFindings()).toEqual([]);
    // the third silent window makes the silence a < 0.01% event under the key's own history
    feed(d, 33, 'req', 20);
    const found = d.drainFindings();
    expect(found.map((f) => `${f.key}:${f.kind}`)).toEqual(['template:heartbeat:absent']);
  });

  it('respects the minimum-count guard for dips', () => {
    const d = new RateDetector(cfg);
    for (let m = 0; m < 10; m++) {
      feed(d, m, 'rare', 1);
      feed(d, m, 'req', 20);
    }
    feed(d, 10, 'req', 20);
    feed(d, 11, 'req', 20);
    expect(d.drainFindings()).toEqual([]);
  });
});

describe('ParamShiftDetector', () => {
  it('flags a latency level shift but not one odd value', () => {
    const d = new ParamShiftDetector();
    let seed = 3;
    const noise = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const at = (ms: number) => ev('served', { params: [`${Math.round(ms)}ms`, 'GET'] });
    for (let i = 0; i < 100; i++) d.learn(at(100 + noise() * 20));
    expect(d.score(at(900)).score).toBeLessThan(0.5);
    d.learn(at(900));
    d.learn(at(105));
    const shifted = [900, 950, 880, 1000, 920, 960, 910];
    let last = 0;
    for (const v of shifted) {
      last = d.score(at(v)).score;
      d.learn(at(v));
    }
    expect(last).toBeGreaterThan(0.5);
    expect(d.score(at(940)).evidence.direction).toBe('up');
  });
});

describe('SessionDetector', () => {
  it('mines count invariants and flags sessions that break them', () => {
    const d = new SessionDetector();
    for (let i = 0; i < 40; i++) d.learn({ key: `s${i}`, templates: ['open', 'write', 'write', 'close'] });
    d.learn({ key: 'bad', templates: ['open', 'write', 'write'] });
    expect(d.score({ key: 'ok', templates: ['open', 'write', 'write', 'close'] }).score).toBeLessThan(0.5);
    const bad = d.score({ key: 'bad', templates: ['open', 'write', 'write'] });
    expect(bad.score).toBeGreaterThan(0.5);
    expect(Number(bad.evidence.brokenCount)).toBeGreaterThan(0);
    expect(d.invariantCount).toBeGreaterThan(0);
  });

  it('flags a session holding a template almost no other session has', () => {
    const d = new SessionDetector();
    for (let i = 0; i < 200; i++) d.learn({ key: `s${i}`, templates: ['a', 'b'] });
    d.learn({ key: 'odd', templates: ['a', 'b', 'exception'] });
    expect(d.score({ key: 'odd', templates: ['a', 'b', 'exception'] }).evidence.rarestTemplate).toBe('exception');
    expect(d.score({ key: 'odd', templates: ['a', 'b', 'exception'] }).score).toBeGreaterThan(0.5);
  });

  it('does not call a path rare that many sessions took, however small its share', () => {
    const d = new SessionDetector();
    // 80 of 2,200 sessions (3.6 %, under the 5 % share) take the retry path: a known path
    const sessions = Array.from({ length: 2200 }, (_, i) => ({ key: `s${i}`, templates: i % 27 === 0 && i < 80 * 27 ? ['a', 'retry'] : ['a'] }));
    for (const s of sessions) d.learn(s);
    const retry = d.score({ key: 's0', templates: ['a', 'retry'] });
    expect(Number(retry.evidence.rarestSessions)).toBe(80);
    expect(Number(retry.evidence.rarityScore)).toBeLessThan(0.1);
    // two sessions of the same 2,200 with a path nobody else took are rare on both counts
    d.learn({ key: 'odd1', templates: ['a', 'rereplicate'] });
    d.learn({ key: 'odd2', templates: ['a', 'rereplicate'] });
    expect(d.score({ key: 'odd1', templates: ['a', 'rereplicate'] }).score).toBeGreaterThan(0.7);
  });
});

describe('WindowForestDetector', () => {
  it('scores an unusual window mix above ordinary windows', () => {
    const d = new WindowForestDetector(windowForestConfigSchema.parse({ minWindows: 20, refitEvery: 50 }));
    const win = (i: number, counts: Array<[string, number]>, errors = 0): WindowSummary => ({
      start: i * 1000, end: (i + 1) * 1000, templateCounts: new Map(counts), severityCounts: { INFO: 100 - errors, ERROR: errors },
    });
    for (let i = 0; i < 60; i++) d.learn(win(i, [['a', 50 + (i % 5)], ['b', 30 + (i % 3)], ['c', 20]]));
    const normal = d.score(win(61, [['a', 52], ['b', 31], ['c', 20]])).score;
    const odd = d.score(win(62, [['a', 5], ['b', 2], ['err', 90]], 90)).score;
    expect(odd).toBeGreaterThan(0.5);
    expect(odd).toBeGreaterThan(normal);
  });
});

describe('IncidentDedup and SessionTracker', () => {
  it('reports one finding per incident window', () => {
    const d = new IncidentDedup(100);
    expect([0, 10, 50, 140, 300].map((t) => d.open('t1', 'spike', t))).toEqual([true, false, false, false, true]);
  });

  it('puts a line in every session its message names', () => {
    const t = new SessionTracker('blk_-?\\d+', false, 10);
    expect(t.keysOf('copy blk_1 to blk_-2 (blk_1 again)', null)).toEqual(['blk_1', 'blk_-2']);
  });
});
