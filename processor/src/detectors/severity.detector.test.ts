import { describe, expect, it } from 'vitest';
import { SemanticSeverityDetector } from './severity.detector.js';

/** 3-d toy space: x = failure, y = routine. */
const v = (x: number, y: number, z = 0): Float32Array => Float32Array.from([x, y, z]);

describe('SemanticSeverityDetector', () => {
  const d = new SemanticSeverityDetector([{ concept: 'full', vector: v(1, 0) }], [{ concept: 'served', vector: v(0, 1) }]);

  it('ranks a failure-like template above a routine one at the same level', () => {
    const disk = d.score({ templateId: 'disk', text: 'disk', embedding: v(0.9, 0.1, 0.1), level: 'INFO' });
    const served = d.score({ templateId: 'served', text: 's', embedding: v(0.1, 0.9, 0.1), level: 'INFO' });
    expect(disk.score).toBeGreaterThan(0.8);
    expect(served.score).toBeLessThan(0.2);
    expect(disk.evidence.nearestFailureConcept).toBe('full');
  });

  it('keeps the logged level as a floor', () => {
    expect(d.score({ templateId: 'x', text: 'x', embedding: v(0, 1), level: 'FATAL' }).score).toBeGreaterThanOrEqual(0.75);
  });
});
