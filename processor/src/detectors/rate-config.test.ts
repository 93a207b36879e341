import { describe, expect, it } from 'vitest';
import { rateConfigSchema } from './rate-config.js';

describe('rateConfigSchema', () => {
  it('fills every field with its documented default', () => {
    expect(rateConfigSchema.parse({})).toEqual({
      windowMs: 60_000, historyWindows: 60, minHistory: 15, minCount: 5, threshold: 4, method: 'vote',
      peakRatio: 1.5, longWindows: 5, dipRatio: 2, absenceSurpriseAt50: 4,
    });
  });

  it('rejects a history too short to judge', () => {
    expect(() => rateConfigSchema.parse({ historyWindows: 2 })).toThrow();
  });
});
