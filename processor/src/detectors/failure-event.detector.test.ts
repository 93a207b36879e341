import { describe, expect, it } from 'vitest';
import { FailureEventDetector, type FailureEventInput } from './failure-event.detector.js';

const line = (templateId: string, over: Partial<FailureEventInput> = {}): FailureEventInput => ({ templateId, semantic: 1, level: 'FATAL', warmth: 1, ...over });

/** score-then-learn, as the detect stage calls it */
function see(d: FailureEventDetector, input: FailureEventInput): number {
  const { score } = d.score(input);
  d.learn(input);
  return score;
}

describe('FailureEventDetector', () => {
  it('flags a fatal failure born after the baseline on every occurrence, not only the first', () => {
    const d = new FailureEventDetector();
    const scores = Array.from({ length: 5 }, () => see(d, line('tlb-error')));
    expect(scores.every((s) => s >= 0.5)).toBe(true);
  });

  it('never flags a failure template the stream already had while its baseline was learned', () => {
    const d = new FailureEventDetector();
    expect(see(d, line('bad-password', { warmth: 0.4 }))).toBe(0);
    expect(see(d, line('bad-password', { warmth: 1 }))).toBe(0);
    expect(d.score(line('bad-password')).evidence.background).toBe(true);
  });

  it('lets the level vouch: ERROR/FATAL fire, WARN and INFO never do, an unlevelled line only with help', () => {
    const d = new FailureEventDetector();
    expect(see(d, line('a', { level: 'ERROR' }))).toBeGreaterThanOrEqual(0.5);
    expect(see(d, line('b', { level: 'WARN' }))).toBe(0);
    expect(see(d, line('c', { level: 'INFO' }))).toBe(0);
    const unlevelled = see(d, line('d', { level: 'UNKNOWN' }));
    expect(unlevelled).toBeGreaterThan(0);
    expect(unlevelled).toBeLessThan(0.5);
  });

  it('scales by how much the template reads as a failure', () => {
    const d = new FailureEventDetector();
    expect(see(d, line('routine', { semantic: 0.05 }))).toBeLessThan(0.1);
    expect(see(d, line('failure', { semantic: 0.95 }))).toBeGreaterThan(0.9);
  });

  it('reads the semantic value on every call: a failure scored before its embedding arrived still fires later', () => {
    const d = new FailureEventDetector();
    expect(see(d, line('late', { semantic: 0 }))).toBe(0);
    expect(see(d, line('late', { semantic: 0.95 }))).toBeGreaterThan(0.9);
  });

  it('does not silence a failure that already fired when a background template is folded into it', () => {
    const d = new FailureEventDetector();
    see(d, line('bg', { warmth: 0 }));
    expect(see(d, line('newfail'))).toBeGreaterThan(0.9);
    d.alias('bg', 'newfail');
    expect(d.score(line('newfail')).score).toBeGreaterThan(0.9);
  });

  it('treats a template declared background by feedback as background', () => {
    const d = new FailureEventDetector();
    expect(see(d, line('normal-here'))).toBeGreaterThan(0.9);
    d.markBackground('normal-here');
    expect(see(d, line('normal-here'))).toBe(0);
  });

  it('keeps a background template in the background when the miner generalises it', () => {
    const d = new FailureEventDetector();
    see(d, line('old-id', { warmth: 0 }));
    d.alias('old-id', 'new-id');
    expect(d.score(line('new-id')).score).toBe(0);
  });
});
