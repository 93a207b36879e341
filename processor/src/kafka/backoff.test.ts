import { describe, expect, it } from 'vitest';
import { backoffConfigSchema, backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  const config = backoffConfigSchema.parse({});

  it('doubles from the initial delay and caps at the maximum', () => {
    const mid = () => 0.5; // zero jitter
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, config, mid))).toEqual([200, 400, 800, 1600]);
    expect(backoffDelay(50, config, mid)).toBe(30_000);
  });

  it('keeps jitter within the configured fraction and never exceeds the cap', () => {
    expect(backoffDelay(2, config, () => 0)).toBe(640);
    expect(backoffDelay(2, config, () => 0.999999)).toBe(960);
    expect(backoffDelay(40, config, () => 0.999999)).toBe(30_000);
  });
});
