import { describe, expect, it } from 'vitest';
import type { Verdict } from '../detectors/index.js';
import { IncidentContinuation } from './incident-continuation.js';
import { TemplateSlots } from './template-slots.js';

const verdict = (score: number, reasons: string[]): Verdict => ({ score, isAnomaly: score >= 0.5, reasons, evidence: { signals: [] } });

describe('IncidentContinuation', () => {
  const inc = new IncidentContinuation(5_000, 30_000, 0.5);

  it('opens an incident on a new template and folds its later lines into it', () => {
    const slot = new TemplateSlots().of('t1');
    const first = verdict(0.8, ['new_template']);
    expect(inc.apply(0, first, slot)).toBe(first);
    expect(slot.incident).toEqual({ start: 0, last: 0, score: 0.8 });
    expect(inc.continues(4_000, slot.incident)).toBe(true);
    const later = inc.apply(4_000, verdict(0.1, []), slot);
    expect(later).toMatchObject({ score: 0.9 * 0.8, isAnomaly: true, reasons: ['ongoing_incident'] });
    expect(slot.incident?.last).toBe(4_000);
  });

  it('leaves lines alone after the gap, past the longest incident, or without an incident', () => {
    const slot = new TemplateSlots().of('t1');
    const quiet = verdict(0.1, []);
    expect(inc.continues(0, undefined)).toBe(false);
    expect(inc.apply(0, quiet, slot)).toBe(quiet);
    inc.apply(0, verdict(0.9, ['rare_template']), slot);
    expect(inc.continues(6_000, slot.incident)).toBe(false);
    expect(inc.apply(6_000, quiet, slot)).toBe(quiet);
    // the late line did not extend the incident; a line within the gap of its last line does
    for (let t = 4_000; t <= 28_000; t += 4_000) inc.apply(t, quiet, slot);
    expect(inc.continues(31_000, slot.incident)).toBe(false);
    expect(inc.apply(31_000, quiet, slot)).toBe(quiet);
  });
});
