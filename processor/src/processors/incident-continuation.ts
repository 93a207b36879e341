import type { Verdict } from '../detectors/index.js';
import type { OpenIncident, TemplateSlot } from './template-slots.js';

/**
 * A line of a template with an open incident (flagged within the incident gap) belongs to
 * that incident: it inherits most of the incident's score, so the whole burst of a new error
 * is reported, not only its first line (by then the template is no longer "new").
 */
export class IncidentContinuation {
  constructor(
    /** Silence after which a template's incident is over. */
    private readonly gapMs: number,
    /** Longest an incident keeps flagging later lines. */
    private readonly maxMs: number,
    private readonly threshold: number,
  ) {}

  /** True when a line at `time` falls within the open incident (so `apply` would change its verdict). */
  continues(time: number, open: OpenIncident | undefined): boolean {
    if (open === undefined) return false;
    return !(time - open.last > this.gapMs) && !(time - open.start > this.maxMs);
  }

  /** Opens an incident for a new or rare template's anomaly, or folds a later line into it. */
  apply(time: number, v: Verdict, slot: TemplateSlot): Verdict {
    const open = slot.incident;
    if (v.isAnomaly && (v.reasons[0] === 'new_template' || v.reasons[0] === 'rare_template')) {
      if (open === undefined || time - open.last > this.gapMs) slot.incident = { start: time, last: time, score: v.score };
      return v;
    }
    if (open === undefined || time - open.last > this.gapMs) return v;
    // a template that keeps coming for long is the new normal, not one endless incident
    if (time - open.start > this.maxMs) return v;
    open.last = time;
    const score = Math.max(v.score, 0.9 * open.score);
    return { ...v, score, isAnomaly: score >= this.threshold, reasons: [...v.reasons, 'ongoing_incident'] };
  }
}
