/**
 * Why an anomaly carries the fallback explanation instead of a model's. `deadline`: the batch's
 * validation time ran out first; the explanation sweeper asks the model again later.
 */
export const SKIP_REASONS = ['disabled', 'below_threshold', 'budget', 'circuit_open', 'llm_error', 'malformed', 'deadline'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Where a stored explanation came from (`anomalies.explanation_source`). */
export type ExplanationSource = 'llm' | 'fallback' | 'cache';

/** The facts the fallback states and the prompt carries, all derived from evidence (redacted). */
export interface ExplanationFacts {
  /** What changed, in words. */
  readonly what: string;
  /** By how much: observed against baseline, or null when the signal has no magnitude. */
  readonly magnitude: string | null;
  /** ISO time the anomalous window started. */
  readonly since: string;
  readonly service: string | null;
  readonly templateId: string | null;
  readonly template: string | null;
  /** The closest normal pattern, when known. */
  readonly nearestNormal: { readonly template: string; readonly similarity: number } | null;
  /** Strongest signal, e.g. `new_template`, `rate`. */
  readonly signal: string;
}

/** The JSON stored in `anomalies.explanation`. */
export interface Explanation {
  readonly summary: string;
  readonly likelyCause: string | null;
  readonly nextSteps: readonly string[];
  /** The model's verdict; null for the fallback. */
  readonly verdict: 'anomalous' | 'not_anomalous' | null;
  readonly confidence: number | null;
  readonly facts: ExplanationFacts;
  /** Model that wrote it (LLM and cache only). */
  readonly model?: string;
  /** Set when the fallback stands in for a model answer. */
  readonly skipped?: SkipReason;
  readonly generatedAt: string;
}
