import type { ChatMessage } from './chat-client.js';
import type { ExplanationFacts } from './explanation.js';
import type { ExplainableAnomaly } from './fallback-explainer.js';

/** Replaces PII in a string; every text that enters a prompt goes through it. */
export type RedactText = (text: string) => string;

/** Everything a validation prompt carries; texts are redacted again on the way in. */
export interface ValidationPromptInput {
  readonly anomaly: ExplainableAnomaly;
  readonly facts: ExplanationFacts;
  /** Stored (redacted) example lines of the template. */
  readonly examples: readonly string[];
  /** Nearest templates that are NOT anomalous, by embedding similarity. */
  readonly nearestNormal: ReadonlyArray<{ readonly template: string; readonly similarity: number }>;
  /** Lines of the template per time bucket before and during the anomaly, oldest first. */
  readonly rateHistory: ReadonlyArray<{ readonly at: string; readonly count: number }>;
}

const MAX_LINE = 300;
const MAX_EVIDENCE = 2000;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 3)}...` : text);

const VALIDATION_SYSTEM = [
  'You review anomalies found by a log anomaly detector. PII in the logs is replaced by placeholders like <EMAIL> or <IP>.',
  'Decide whether the anomaly is a real problem worth an operator\'s attention ("anomalous") or harmless noise ("not_anomalous").',
  'Answer with ONE JSON object and nothing else:',
  '{"verdict":"anomalous"|"not_anomalous","confidence":0..1,"summary":"<2 sentences>","likely_cause":"<1 sentence>","next_steps":["<step>", "..."]}',
].join('\n');

/** The validation/explanation prompt: template, examples, evidence, nearest normal templates, rate history. */
export function buildValidationPrompt(input: ValidationPromptInput, redact: RedactText): ChatMessage[] {
  const { anomaly, facts } = input;
  const evidence = clip(redact(JSON.stringify({ method: anomaly.method, score: anomaly.score, reasons: anomaly.reasons, ...anomaly.evidence, nearestNormal: undefined })), MAX_EVIDENCE);
  const lines = [
    `Service: ${facts.service === null ? 'unknown' : redact(facts.service)}`,
    `Scope: ${anomaly.scope}; strongest signal: ${facts.signal}; since ${facts.since}`,
    `Anomalous template: ${facts.template === null ? '(none: window-level anomaly)' : clip(redact(facts.template), MAX_LINE)}`,
    `Detector summary: ${clip(redact(facts.what), MAX_LINE)}`,
    'Example lines:',
    ...(input.examples.length === 0 ? ['  (none stored)'] : input.examples.map((l) => `  ${clip(redact(l), MAX_LINE)}`)),
    'Nearest normal templates (similarity):',
    ...(input.nearestNormal.length === 0 ? ['  (none known)'] : input.nearestNormal.map((n) => `  ${n.similarity.toFixed(2)} ${clip(redact(n.template), MAX_LINE)}`)),
    `Rate history (lines per bucket, oldest first): ${input.rateHistory.length === 0 ? '(none)' : input.rateHistory.map((r) => `${r.at.slice(11, 16)}=${r.count}`).join(' ')}`,
    `Evidence: ${evidence}`,
  ];
  return [
    { role: 'system', content: VALIDATION_SYSTEM },
    { role: 'user', content: lines.join('\n') },
  ];
}

/** A nudge after an answer that was not the JSON asked for (the one retry). */
export function repairMessage(reason: string): ChatMessage {
  return { role: 'user', content: `Your answer was not valid (${clip(reason, 200)}). Reply with the JSON object only, exactly in the requested shape.` };
}

/** What a root-cause prompt carries about an incident window. */
export interface RootCausePromptInput {
  readonly from: Date;
  readonly to: Date;
  readonly anomalyCount: number;
  readonly firstAnomaly: { readonly at: string; readonly service: string | null; readonly template: string | null; readonly what: string } | null;
  readonly templates: ReadonlyArray<{ readonly template: string; readonly anomalies: number; readonly services: readonly string[] }>;
  readonly services: ReadonlyArray<{ readonly service: string; readonly anomalies: number }>;
}

const ROOT_CAUSE_SYSTEM = [
  'You help an operator find the root cause of an incident from log anomalies. PII is replaced by placeholders.',
  'The first anomalous template is often closest to the cause; co-occurring ones are often effects.',
  'Answer with ONE JSON object and nothing else: {"summary":"<at most 5 sentences>","likely_cause":"<1 sentence>","next_steps":["<step>", "..."]}',
].join('\n');

/** The root-cause prompt over an incident window. */
export function buildRootCausePrompt(input: RootCausePromptInput, redact: RedactText): ChatMessage[] {
  const first = input.firstAnomaly;
  const lines = [
    `Incident window: ${input.from.toISOString()} to ${input.to.toISOString()}; ${input.anomalyCount} anomalies.`,
    first === null
      ? 'First anomaly: none'
      : `First anomaly at ${first.at} in ${first.service === null ? 'unknown service' : redact(first.service)}: ${clip(redact(first.template ?? '(window-level)'), MAX_LINE)} (${clip(redact(first.what), MAX_LINE)})`,
    'Co-occurring anomalous templates (anomalies, services):',
    ...input.templates.map((t) => `  ${t.anomalies} [${t.services.map(redact).join(', ')}] ${clip(redact(t.template), MAX_LINE)}`),
    `Services involved: ${input.services.map((s) => `${redact(s.service)} (${s.anomalies})`).join(', ') || '(none)'}`,
  ];
  return [
    { role: 'system', content: ROOT_CAUSE_SYSTEM },
    { role: 'user', content: lines.join('\n') },
  ];
}
