import { describe, expect, it } from 'vitest';
import { explanationFacts, fallbackExplanation, signalKind, type ExplainableAnomaly } from './fallback-explainer.js';

function anomaly(evidence: ExplainableAnomaly['evidence'], overrides: Partial<ExplainableAnomaly> = {}): ExplainableAnomaly {
  return {
    scope: 'template',
    method: 'combined',
    score: 0.9,
    isAnomaly: true,
    templateId: 'tpl-1',
    service: 'payments',
    windowStart: new Date('2026-11-24T10:00:00Z'),
    windowEnd: new Date('2026-11-24T10:01:00Z'),
    reasons: ['rate spike'],
    evidence,
    ...overrides,
  };
}

describe('fallback explainer', () => {
  it('states what changed, by how much, since when, where and the nearest normal pattern', () => {
    const a = anomaly({
      signals: [{ detector: 'rate', score: 0.95, detail: { kind: 'spike' } }],
      observed: 120,
      baseline: 10,
      nearestNormal: [{ templateId: 'tpl-0', template: 'payment <*> accepted', similarity: 0.82 }],
    });
    const e = fallbackExplanation(a, { templateText: 'payment <*> declined' }, 'disabled');
    expect(e.summary).toBe(
      'Template anomaly in payments for "payment <*> declined" since 2026-11-24T10:00:00.000Z: rate spike: 120 per window against a baseline of 10. ' +
        'Observed 120 against a baseline of 10 (x12). Nearest normal pattern: "payment <*> accepted" (similarity 0.82).',
    );
    expect(e.facts).toMatchObject({ signal: 'rate:spike', service: 'payments', magnitude: '120 against a baseline of 10 (x12)', since: '2026-11-24T10:00:00.000Z' });
    expect(e.likelyCause).toMatch(/burst/);
    expect(e.nextSteps[0]).toBe('Look at the lines of payments around 2026-11-24T10:00:00.000Z.');
    expect(e).toMatchObject({ verdict: null, confidence: null, skipped: 'disabled' });
  });

  it('describes a drop as a percentage and an absence as the emitter stopping', () => {
    const dip = anomaly({ signals: [{ detector: 'rate', score: 0.7, detail: { kind: 'dip' } }], observed: 5, baseline: 20 });
    expect(explanationFacts(dip).magnitude).toBe('5 against a baseline of 20 (75 % lower)');
    const gone = anomaly({ signals: [{ detector: 'rate', score: 0.8, detail: { kind: 'absent', silentWindows: 3 } }] });
    expect(fallbackExplanation(gone).likelyCause).toMatch(/stopped logging/);
    expect(signalKind(gone)).toBe('rate:absent');
  });

  it('calls a recurring failure a new fault, not a burst', () => {
    const recurring = anomaly({ signals: [{ detector: 'failure_event', score: 0.97, detail: { level: 'FATAL' } }] }, { method: 'failure_event', reasons: ['failure_event'] });
    expect(fallbackExplanation(recurring).likelyCause).toMatch(/did not have while it was healthy/);
    expect(signalKind(recurring)).toBe('failure_event');
  });

  it('keys by the strongest signal, else the method', () => {
    const a = anomaly({
      signals: [
        { detector: 'semantic_severity', score: 0.4, detail: {} },
        { detector: 'new_template', score: 0.9, detail: { linesSeen: 1000 } },
      ],
    });
    expect(signalKind(a)).toBe('new_template');
    expect(signalKind(anomaly({ signals: [] }, { method: 'ongoing_incident' }))).toBe('ongoing_incident');
  });

  it('reads without a template, service or magnitude', () => {
    const e = fallbackExplanation(anomaly({ signals: [{ detector: 'window_iforest', score: 0.8, detail: {} }] }, { scope: 'window', templateId: null, service: null }));
    expect(e.summary).toBe('Window anomaly since 2026-11-24T10:00:00.000Z: unusual mix of templates and levels in the window.');
    expect(e.nextSteps).toHaveLength(2);
  });
});
