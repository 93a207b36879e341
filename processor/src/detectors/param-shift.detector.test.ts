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
