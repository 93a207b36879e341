import { describe, expect, it } from 'vitest';
import { Combiner, type LineSignals } from './combiner.js';
import type { DetectorResult } from './detector.js';

const result = (score: number, evidence: Record<string, unknown> = {}): DetectorResult => ({ score, evidence });

/** Signals of a line; `severity` 1 keeps every contribution at its full weight. */
function signals(novelty: number, rate: number, shift: number, severity = 1): LineSignals {
  return {
    novelty: result(novelty, { isNew: false }),
    severity: result(severity, { nearestFailureConcept: 'failed' }),
    rate: result(rate),
    paramShift: result(shift),
  };
}

describe('Combiner.line', () => {
  const combiner = new Combiner();
  const { reasonMin, threshold } = combiner.config;

  it('gives no reasons to a line on which nothing fired and nothing crossed the threshold', () => {
    const v = combiner.line(signals(0.1, 0, 0, 0));
    expect(v.isAnomaly).toBe(false);
    expect(v.reasons).toEqual([]);
  });

  it('lists only the signals that reached reasonMin, strongest first, when one did', () => {
    const v = combiner.line(signals(0.2, 0.9, 0.1));
    expect(v.isAnomaly).toBe(true);
    expect(v.reasons).toEqual(['rate_spike', 'severity:failed']);
  });

  it('names every contributor of a line that weak signals flagged together', () => {
    const weak = reasonMin - 0.01;
    const v = combiner.line(signals(weak, weak, weak - 0.05));
    expect(v.score).toBeGreaterThanOrEqual(threshold);
    expect(v.isAnomaly).toBe(true);
    expect(v.reasons).toEqual(['rare_template', 'rate_spike', 'param_shift', 'severity:failed']);
    expect(v.evidence.signals.map((s) => s.detector)).toEqual(['rare_template', 'rate_spike', 'param_shift', 'semantic_severity']);
  });

  it('names a failure weight below its own threshold when it helped flag the line', () => {
    const v = combiner.line({ ...signals(0, 0.01, 0), failure: result(threshold - 0.001, { level: 'UNKNOWN' }) });
    expect(v.isAnomaly).toBe(true);
    expect(v.reasons).toEqual(['failure_event', 'rate_spike', 'severity:failed']);
  });
});
