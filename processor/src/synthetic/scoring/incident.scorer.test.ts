import { describe, expect, it } from 'vitest';
import { matchesLabel, normaliseService, scoreIncidents, type FoundIncident } from './incident.scorer.js';
import type { IncidentLabel } from '../scenario.types.js';

const label = (id: string, service: string, start: string, end: string): IncidentLabel => ({
  id, kind: 'new_error', service, start: `2026-11-24T${start}:00.000Z`, end: `2026-11-24T${end}:00.000Z`, description: id, lineNumbers: [],
});
const found = (service: string | null, start: string, end: string, score = 0.9): FoundIncident => ({
  service, start: new Date(`2026-11-24T${start}:00.000Z`), end: new Date(`2026-11-24T${end}:00.000Z`), score,
});

const labels = [label('a', 'payments', '10:30', '10:35'), label('b', 'database', '11:00', '11:10')];

describe('scoreIncidents', () => {
  it('matches on service and overlapping time, counting each label once', () => {
    const r = scoreIncidents(labels, [found('payments', '10:31', '10:32', 0.5), found('payments', '10:33', '10:34', 0.8), found('database', '11:05', '11:06')]);
    expect(r.recall).toBe(1);
    expect(r.falseIncidentRate).toBe(0);
    expect(r.matched).toHaveLength(2);
    // The best-scoring duplicate is reported as the match.
    expect(r.matched[0]?.found.score).toBe(0.8);
  });

  it('counts a finding for the wrong service as false and the label as missed', () => {
    const r = scoreIncidents(labels, [found('auth', '10:31', '10:32'), found('database', '11:01', '11:02')]);
    expect(r.recall).toBe(0.5);
    expect(r.missed.map((l) => l.id)).toEqual(['a']);
    expect(r.falseIncidents).toHaveLength(1);
    expect(r.falseIncidentRate).toBe(0.5);
  });

  it('uses the slack on both sides of the label (default 2 minutes)', () => {
    expect(scoreIncidents(labels, [found('payments', '10:36', '10:37')]).recall).toBe(0.5);
    expect(scoreIncidents(labels, [found('payments', '10:38', '10:39')]).recall).toBe(0);
    expect(scoreIncidents(labels, [found('payments', '10:27', '10:28')]).recall).toBe(0.5);
    expect(scoreIncidents(labels, [found('payments', '10:38', '10:39')], { slackMs: 5 * 60_000 }).recall).toBe(0.5);
  });

  it('lets a finding without a service match any label', () => {
    const r = scoreIncidents(labels, [found(null, '11:09', '11:20')]);
    expect(r.matched.map((m) => m.label.id)).toEqual(['b']);
    expect(r.falseIncidents).toHaveLength(0);
  });

  it('handles empty inputs without dividing by zero', () => {
    expect(scoreIncidents([], [])).toMatchObject({ recall: 1, falseIncidentRate: 0 });
    expect(scoreIncidents(labels, [])).toMatchObject({ recall: 0, falseIncidentRate: 0 });
    expect(scoreIncidents([], [found('auth', '10:00', '10:01')]).falseIncidentRate).toBe(1);
  });
});

describe('service names', () => {
  it('ignores case and a replica suffix', () => {
    expect(normaliseService('Payments-1')).toBe('payments');
    expect(normaliseService('payments_2')).toBe('payments');
    expect(matchesLabel(labels[0]!, found('PAYMENTS-1', '10:31', '10:32'), 0)).toBe(true);
    expect(matchesLabel(labels[0]!, found('payments-api', '10:31', '10:32'), 0)).toBe(false);
  });
});
