import type { AttributeValue, Severity } from '../domain/log-record.js';

/** What a detector says about one input: a score in [0,1] (higher = more anomalous) and why. */
export interface DetectorResult {
  readonly score: number;
  readonly evidence: Record<string, unknown>;
}

/**
 * The detector contract (scikit-learn / river style): the constructor stores parameters,
 * `learn` updates state, `score` reads it. Callers score before learning (prequential),
 * so nothing is refitted per line.
 */
export interface Detector<TInput> {
  readonly name: string;
  learn(input: TInput): void;
  score(input: TInput): DetectorResult;
}

/** One log line as detectors see it: template already assigned, time already resolved. */
export interface DetectEvent {
  /** Position of the line in the input (0-based). */
  readonly index: number;
  /** Event time in ms (real timestamp, or pseudo-time from line order). */
  readonly time: number;
  /** True when `time` is pseudo-time from line order (the input carried no timestamps). */
  readonly pseudoTime?: boolean;
  readonly templateId: string;
  readonly templateText: string;
  readonly params: readonly string[];
  readonly severity: Severity;
  readonly service: string | null;
  /**
   * Structured fields of the record (logfmt / JSON keys other than the message). A measurement
   * such as `duration_ms` often lives here rather than in the message text. Optional.
   */
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

/** Maps `x ≥ 0` relative to `threshold` onto [0,1] with exactly 0.5 at the threshold. */
export function squash(x: number, threshold: number): number {
  if (!(x > 0)) return 0;
  const r = x / threshold;
  return r <= 1 ? 0.5 * r : 1 - 0.5 / r;
}

/** Combines independent signals: 1 - Π(1 - s_i). */
export function noisyOr(scores: readonly number[]): number {
  let keep = 1;
  for (const s of scores) keep *= 1 - Math.min(1, Math.max(0, s));
  return 1 - keep;
}

/** Median of a numeric array (copy-sorted); 0 for empty. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  // A typed array sorts numerically without a comparator call per comparison (hot in detectors);
  // filled by index, as `Float64Array.from` would walk the array through the iterator protocol
  const s = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) s[i] = xs[i] as number;
  s.sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Median absolute deviation scaled to σ for normal data (×1.4826). */
export function mad(xs: readonly number[], med = median(xs)): number {
  return 1.4826 * median(xs.map((x) => Math.abs(x - med)));
}
