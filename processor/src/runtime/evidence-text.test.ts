import { describe, expect, it } from 'vitest';
import type { AnomalyFinding } from '../domain/anomaly.js';
import { describeFinding } from './evidence-text.js';

function finding(evidence: AnomalyFinding['evidence'], method = 'combined'): AnomalyFinding {
  return {
    scope: 'template',
    method,
    score: 0.8,
    isAnomaly: true,
    templateId: 't1',
    service: 'db',
    windowStart: new Date(0),
    windowEnd: new Date(60_000),
    reasons: [method],
    evidence,
  };
}

describe('describeFinding', () => {
  it('turns signals into words with observed and baseline values', () => {
    const text = describeFinding(
      finding({
        signals: [
          { detector: 'new_template', score: 0.75, detail: { linesSeen: 95636, priorCount: 0 } },
          { detector: 'semantic_severity', score: 0.99, detail: { nearestFailureConcept: 'fatal' } },
          { detector: 'param_shift', score: 0.5, detail: { baseline: 35, observed: 709, position: 3 } },
        ],
      }),
      'FATAL: remaining connection slots are reserved',
    );
    expect(text).toBe(
      '"FATAL: remaining connection slots are reserved": never seen in the first 95636 lines; wording close to "fatal"; value #3 moved from ~35 to ~709',
    );
  });

  it('says a recurring failure was logged as one and was not part of the baseline', () => {
    const recurring = finding({ signals: [{ detector: 'failure_event', score: 0.98, detail: { level: 'FATAL', semantic: 0.98 } }] }, 'failure_event');
    expect(describeFinding(recurring, 'data TLB error interrupt')).toBe('"data TLB error interrupt": a failure logged at FATAL, absent while the baseline was learned');
  });

  it('gives a dip its observed and baseline rates', () => {
    const dip = finding({ signals: [{ detector: 'rate', score: 0.7, detail: { kind: 'dip' } }], observed: 2, baseline: 37 });
    expect(describeFinding(dip)).toBe('rate dip: 2 per window against a baseline of 37');
  });

  it('drops weak severity hints and falls back to observed vs baseline, then to the method', () => {
    const weak = { detector: 'semantic_severity', score: 0.1, detail: { nearestFailureConcept: 'full' } };
    expect(describeFinding(finding({ signals: [weak], observed: 2, baseline: 37 }))).toBe('observed 2 against 37');
    expect(describeFinding(finding({ signals: [] }, 'ongoing_incident'))).toBe('ongoing_incident');
  });
});
