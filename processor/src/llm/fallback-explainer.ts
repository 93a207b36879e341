import type { AnomalyFinding } from '../domain/anomaly.js';
import { describeFinding } from '../runtime/evidence-text.js';
import type { Explanation, ExplanationFacts, SkipReason } from './explanation.js';

/** An anomaly as the explainers read it: a finding or a stored row (same fields). */
export type ExplainableAnomaly = Pick<
  AnomalyFinding,
  'scope' | 'method' | 'score' | 'isAnomaly' | 'templateId' | 'service' | 'windowStart' | 'windowEnd' | 'reasons' | 'evidence'
>;

/** What the caller knows beyond the evidence: the template text and a nearest normal pattern. */
export interface ExplainContext {
  readonly templateText?: string | null;
  readonly nearestNormal?: { readonly template: string; readonly similarity: number } | null;
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const round = (value: number): string => (Math.abs(value) >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(2));

/**
 * The strongest signal's detector, else the method: the "signal kind" half of the explanation
 * cache key, so the same template firing the same way is explained once.
 */
export function signalKind(anomaly: ExplainableAnomaly): string {
  let best: (typeof anomaly.evidence.signals)[number] | undefined;
  for (const s of anomaly.evidence.signals) if (best === undefined || s.score > best.score) best = s;
  if (best === undefined) return anomaly.method;
  // The rate detector's kind (spike, dip, absent) changes the story, so it is part of the key.
  const kind = best.detail.kind;
  return typeof kind === 'string' ? `${best.detector}:${kind}` : best.detector;
}

/** Observed against baseline from the evidence or the strongest signal carrying both. */
function magnitude(anomaly: ExplainableAnomaly): string | null {
  const pairs = [[anomaly.evidence.observed, anomaly.evidence.baseline], ...anomaly.evidence.signals.map((s) => [s.detail.observed, s.detail.baseline])];
  for (const [o, b] of pairs) {
    const observed = num(o);
    const baseline = num(b);
    if (observed === null || baseline === null) continue;
    const ratio = baseline === 0 ? null : observed / baseline;
    const factor = ratio === null ? '' : ratio >= 1 ? ` (x${round(ratio)})` : ` (${round((1 - ratio) * 100)} % lower)`;
    return `${round(observed)} against a baseline of ${round(baseline)}${factor}`;
  }
  return null;
}

/** The facts of an anomaly: what changed, how much, since when, where, and the closest normal pattern. */
export function explanationFacts(anomaly: ExplainableAnomaly, context: ExplainContext = {}): ExplanationFacts {
  const fromEvidence = anomaly.evidence.nearestNormal?.[0];
  const nearest = context.nearestNormal ?? (fromEvidence ? { template: fromEvidence.template, similarity: fromEvidence.similarity } : null);
  return {
    what: describeFinding(anomaly),
    magnitude: magnitude(anomaly),
    since: anomaly.windowStart.toISOString(),
    service: anomaly.service,
    templateId: anomaly.templateId,
    template: context.templateText ?? null,
    nearestNormal: nearest,
    signal: signalKind(anomaly),
  };
}

/** A cause in plain words for the kind of signal; deliberately hedged, it is a guess from evidence. */
function likelyCause(signal: string): string {
  const [detector, kind] = signal.split(':');
  if (detector === 'new_template' || detector === 'rare_template') return 'A code path or error condition that did not occur before (new release, new failure mode or new client behaviour).';
  if (detector === 'rate' && kind === 'absent') return 'The emitter stopped logging this event: a crashed or stuck component, or a routing change.';
  if (detector === 'rate' && kind === 'dip') return 'Less of this event than usual: reduced traffic, a blocked upstream or a partial outage.';
  if (detector === 'rate' || detector === 'rate_spike') return 'A burst of this event: retries, a failing dependency or a traffic surge.';
  if (detector === 'param_shift') return 'A value in this message left its usual range: latency, size or count drift.';
  if (detector === 'semantic_severity') return 'The message reads like a failure.';
  if (detector === 'failure_event') return 'A failure logged at error level or above that the service did not have while it was healthy: a new fault, or one that came back.';
  if (detector === 'window_iforest') return 'The mix of messages in this window is unusual as a whole.';
  if (detector === 'session') return 'A session or trace took an unusual path.';
  return 'Unclear from the evidence alone.';
}

function nextSteps(facts: ExplanationFacts): string[] {
  const where = facts.service ?? 'the affected service';
  const steps = [`Look at the lines of ${where} around ${facts.since}.`];
  if (facts.templateId !== null) steps.push(`Check where template ${facts.templateId} first appeared and how often it recurs.`);
  steps.push(`Compare with deployments or configuration changes of ${where} shortly before ${facts.since}.`);
  return steps;
}

/**
 * The deterministic explanation every anomaly gets when no model answer is available: readable,
 * built only from evidence (already redacted), identical for identical input (but for `generatedAt`).
 */
export function fallbackExplanation(anomaly: ExplainableAnomaly, context: ExplainContext = {}, skipped?: SkipReason): Explanation {
  const facts = explanationFacts(anomaly, context);
  const where = facts.service === null ? '' : ` in ${facts.service}`;
  const pattern = facts.template === null ? '' : ` for "${facts.template.length > 120 ? `${facts.template.slice(0, 117)}...` : facts.template}"`;
  const parts = [`${anomaly.scope[0]?.toUpperCase() ?? ''}${anomaly.scope.slice(1)} anomaly${where}${pattern} since ${facts.since}: ${facts.what}.`];
  if (facts.magnitude !== null && !facts.what.includes(facts.magnitude)) parts.push(`Observed ${facts.magnitude}.`);
  if (facts.nearestNormal !== null) parts.push(`Nearest normal pattern: "${facts.nearestNormal.template}" (similarity ${facts.nearestNormal.similarity.toFixed(2)}).`);
  return {
    summary: parts.join(' '),
    likelyCause: likelyCause(facts.signal),
    nextSteps: nextSteps(facts),
    verdict: null,
    confidence: null,
    facts,
    ...(skipped === undefined ? {} : { skipped }),
    generatedAt: new Date().toISOString(),
  };
}
