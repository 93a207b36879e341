import { describe, expect, it } from 'vitest';
import { detectProcessorConfigSchema } from './detect.config.js';

describe('detectProcessorConfigSchema', () => {
  it('fills the stage defaults and every detector section', () => {
    const c = detectProcessorConfigSchema.parse({});
    expect(c).toMatchObject({ pseudoLinesPerWindow: 200, useTraceId: true, maxSessions: 1_000_000, incidentGapWindows: 5, incidentMaxWindows: 30 });
    expect(c.groupBy).toBeUndefined();
    expect(c.detectors.rate.windowMs).toBe(60_000);
  });
});
