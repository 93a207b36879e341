import { z } from 'zod';
import type { AnomalyEvidence } from '../domain/anomaly.js';
import type { DetectorResult } from './detector.js';

/** Config of the signal combiner. */
export const combinerConfigSchema = z.object({
  /** Combined score at or above which something is an anomaly. Default 0.5 (scores are calibrated so 0.5 = "at threshold"). */
  threshold: z.number().min(0).max(1).default(0.5),
  /** Share of a novelty score that survives when the template reads as routine (severity 0). Default 0.3. */
  noveltyFloor: z.number().min(0).max(1).default(0.3),
  /** Share of a rate-spike score that survives when the template reads as routine (a batch burst). Default 0.4. */
  spikeFloor: z.number().min(0).max(1).default(0.4),
  /**
   * Weight of the semantic-outlier score in the severity that scales novelty. Below
   * (0.5 − noveltyFloor)/(1 − noveltyFloor) ≈ 0.29, so a new line that is merely *unusual* (a
   * deploy's start-up banner) stays under the threshold unless it also reads as a failure. Default 0.25.
   */
  outlierWeight: z.number().min(0).max(1).default(0.25),
  /** A signal must contribute at least this much to be listed as a reason. Default 0.3. */
  reasonMin: z.number().min(0).max(1).default(0.3),
  /**
   * Share of a session's rarity that survives when its rarest template reads as routine. High:
   * a session is judged by its path, and the paths that mark broken sessions (a block re-replicated,
   * a request retried) are worded as routine work. Default 0.75.
   */
  sessionRarityFloor: z.number().min(0).max(1).default(0.75),
});
export type CombinerConfig = z.infer<typeof combinerConfigSchema>;

const EMPTY: DetectorResult = { score: 0, evidence: {} };
const NO_EVIDENCE: AnomalyEvidence = { signals: [] };
const NO_REASONS: string[] = [];

/** The per-line signals the combiner weighs (absent = did not run). */
export interface LineSignals {
  readonly novelty: DetectorResult;
  readonly severity: DetectorResult;
  readonly semanticOutlier?: DetectorResult;
  readonly rate?: DetectorResult;
  readonly paramShift?: DetectorResult;
  /** A line that reads as a failure and was logged as one, outside the stream's background. */
  readonly failure?: DetectorResult;
}

/** The weighted contributions of one line and their noisy-OR (reused: filled by `Combiner.weigh`). */
export interface LineWeights {
  novelty: number;
  spike: number;
  shift: number;
  /** The failure-event contribution as a reason: 0 below the threshold (it then only lends weight). */
  failure: number;
  score: number;
}

/** A combined verdict with reasons and explanation-ready evidence. */
export interface Verdict {
  readonly score: number;
  /** Weighted contribution of each signal (before the noisy-OR). */
  readonly parts?: Readonly<Record<string, number>>;
  readonly isAnomaly: boolean;
  readonly reasons: string[];
  readonly evidence: AnomalyEvidence;
}

/**
 * One score per line from independent signals. Novelty and spikes are modulated by semantic
 * severity, so a new "disk full" outranks a new "request served" (a benign deploy), while a
 * numeric shift stands alone. Contributions are combined by noisy-OR, which keeps the
 * calibration: each contribution already maps its own threshold to 0.5.
 */
export class Combiner {
  constructor(readonly config: CombinerConfig = combinerConfigSchema.parse({})) {}

  /**
   * Share of a rate spike kept for a template of severity `sev`: `spikeFloor` for routine lines
   * (below 0.5, so load alone never makes an incident of routine lines; the service rate covers
   * traffic), rising quadratically to all of it once the template reads as a failure (severity
   * ≥ 0.5, its own threshold): a burst of failures is an incident whatever words it uses.
   */
  spikeWeight(sev: number): number {
    const { spikeFloor } = this.config;
    return spikeFloor + (1 - spikeFloor) * Math.min(1, 2 * sev) ** 2;
  }

  /**
   * The contributions and combined score from the signals' scores alone, into `out`; true when
   * one of them reaches `reasonMin` (the line has reasons and evidence to build). The per-line
   * hot path calls this without building any object; `line` shares it, so both agree exactly.
   */
  weigh(novelty: number, severity: number, outlier: number, rate: number, shift: number, failure: number, out: LineWeights): boolean {
    const sev = Math.max(severity, this.config.outlierWeight * outlier);
    const { noveltyFloor } = this.config;
    out.novelty = novelty * (noveltyFloor + (1 - noveltyFloor) * sev);
    // semantic oddness makes a *new* line interesting, but a burst only matters if it reads as failure
    out.spike = rate * this.spikeWeight(severity);
    out.shift = shift;
    out.score = 1 - (1 - out.novelty) * (1 - out.spike) * (1 - shift) * (1 - failure);
    // below the threshold on its own (an unlevelled failure word) it only lends weight: not a reason
    out.failure = failure >= this.config.threshold ? failure : 0;
    return Math.max(out.novelty, out.spike, shift, out.failure) >= this.config.reasonMin;
  }

  private readonly weights: LineWeights = { novelty: 0, spike: 0, shift: 0, failure: 0, score: 0 };

  line(s: LineSignals): Verdict {
    const w = this.weights;
    const any = this.weigh(s.novelty.score, s.severity.score, s.semanticOutlier?.score ?? 0, s.rate?.score ?? 0, s.paramShift?.score ?? 0, s.failure?.score ?? 0, w);
    const { novelty, spike, shift, failure, score } = w;
    const isAnomaly = score >= this.config.threshold;
    if (!any && !isAnomaly) {
      // the hot path: nothing fired, so no reasons or evidence to build
      return { score, isAnomaly, reasons: NO_REASONS, evidence: NO_EVIDENCE };
    }
    const parts = { novelty, rate_spike: spike, param_shift: shift, failure_event: failure };
    const named: Array<[string, number, DetectorResult]> = [
      [s.novelty.evidence.isNew === true ? 'new_template' : 'rare_template', novelty, s.novelty],
      ['rate_spike', spike, s.rate ?? EMPTY],
      ['param_shift', shift, s.paramShift ?? EMPTY],
      ['failure_event', failure, s.failure ?? EMPTY],
    ];
    let fired = named.filter((p) => p[1] >= this.config.reasonMin);
    if (fired.length === 0) {
      // Weak signals together crossed the threshold, none reaching `reasonMin`: a flagged line still
      // names what flagged it, every contributor, the failure weight below its own threshold too.
      const lent = s.failure?.score ?? 0;
      fired = named.map((p): [string, number, DetectorResult] => (p[0] === 'failure_event' ? [p[0], lent, p[2]] : p)).filter((p) => p[1] > 0);
    }
    fired.sort((a, b) => b[1] - a[1]);
    const reasons = fired.map((p) => p[0]);
    if (s.severity.score >= 0.5) reasons.push(`severity:${String(s.severity.evidence.nearestFailureConcept || s.severity.evidence.level)}`);
    return {
      score,
      parts,
      isAnomaly,
      reasons,
      evidence: {
        signals: [...fired, ['semantic_severity', s.severity.score, s.severity] as [string, number, DetectorResult]].map(([detector, sc, r]) => ({ detector, score: sc, detail: r.evidence })),
      },
    };
  }

  /**
   * Session verdict: broken invariants, plus the rarest template weighted by how much it reads
   * like a failure (a benign one-off path is not an incident). Line-level signals (novelty with
   * its warm-up, numeric shifts in time) are left out on purpose: a session is judged by its
   * event-count vector against the other sessions.
   */
  session(model: DetectorResult, rarestSeverity: number): Verdict {
    const inv = Number(model.evidence.invariantScore ?? 0);
    const floor = this.config.sessionRarityFloor;
    const rare = Number(model.evidence.rarityScore ?? 0) * (floor + (1 - floor) * rarestSeverity);
    const score = 1 - (1 - inv) * (1 - rare);
    const reasons: string[] = [];
    if (inv >= this.config.reasonMin) reasons.push('broken_invariant');
    if (rare >= this.config.reasonMin) reasons.push('rare_in_sessions');
    if (reasons.length > 0 && rarestSeverity >= 0.5) reasons.push('failure_semantics');
    return {
      score,
      isAnomaly: score >= this.config.threshold,
      reasons,
      evidence: { signals: [{ detector: 'session', score: model.score, detail: { ...model.evidence, rarestSeverity } }] },
    };
  }
}
