import type { AnomalyEvidence, AnomalyFinding } from '../domain/anomaly.js';

type Signal = AnomalyEvidence['signals'][number];

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const fmt = (value: number): string => (Math.abs(value) >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(2));

/** One signal in words; null when it adds nothing (a weak severity hint, say). */
function describeSignal(signal: Signal, finding: AnomalyFinding): string | null {
  const d = signal.detail;
  switch (signal.detector) {
    case 'new_template':
      return `never seen in the first ${fmt(num(d.linesSeen) ?? 0)} lines`;
    case 'rare_template':
      return `seen ${fmt(num(d.priorCount) ?? 0)} time(s) in ${fmt(num(d.linesSeen) ?? 0)} lines`;
    case 'semantic_severity':
      return signal.score >= 0.5 && typeof d.nearestFailureConcept === 'string' ? `wording close to "${d.nearestFailureConcept}"` : null;
    case 'param_shift': {
      const [b, o] = [num(d.baseline), num(d.observed)];
      return b !== null && o !== null ? `value #${fmt(num(d.position) ?? 0)} moved from ~${fmt(b)} to ~${fmt(o)}` : 'a parameter value shifted';
    }
    case 'rate_spike': {
      const [b, o] = [num(d.baseline), num(d.observed)];
      return b !== null && o !== null ? `${fmt(o)} per window against a baseline of ${fmt(b)}` : 'rate spike';
    }
    case 'rate': {
      if (d.kind === 'absent') return `silent for ${fmt(num(d.silentWindows) ?? 1)} window(s) although expected`;
      const [b, o] = [num(finding.evidence.baseline), num(finding.evidence.observed)];
      const kind = typeof d.kind === 'string' ? d.kind : 'change';
      return b !== null && o !== null ? `rate ${kind}: ${fmt(o)} per window against a baseline of ${fmt(b)}` : `rate ${kind}`;
    }
    case 'window_iforest':
      return 'unusual mix of templates and levels in the window';
    case 'failure_event':
      return typeof d.level === 'string' ? `a failure logged at ${d.level}, absent while the baseline was learned` : 'a failure absent while the baseline was learned';
    default:
      return `${signal.detector} ${signal.score.toFixed(2)}`;
  }
}

/**
 * A finding's evidence in one line of plain words: what fired, observed against baseline.
 * Deterministic, so every anomaly can be read without any model.
 */
export function describeFinding(finding: AnomalyFinding, templateText?: string): string {
  const parts = finding.evidence.signals.map((signal) => describeSignal(signal, finding)).filter((s): s is string => s !== null);
  const observed = num(finding.evidence.observed);
  const baseline = num(finding.evidence.baseline);
  if (parts.length === 0 && observed !== null && baseline !== null) parts.push(`observed ${fmt(observed)} against ${fmt(baseline)}`);
  if (parts.length === 0) parts.push(finding.reasons.join(', ') || finding.method);
  const what = templateText === undefined ? '' : `"${templateText.length > 90 ? `${templateText.slice(0, 87)}...` : templateText}": `;
  return `${what}${[...new Set(parts)].join('; ')}`;
}
