import { z } from 'zod';
import type { Severity } from '../domain/log-record.js';
import type { Detector, DetectorResult } from './detector.js';
import { squash } from './detector.js';
import { IsolationForestModel } from './isolation-forest.js';

/** Config of the IsolationForest over window feature vectors. */
export const windowForestConfigSchema = z.object({
  /** Template columns in the feature vector (first seen get a column; the rest share one). Default 64. */
  maxTemplates: z.number().int().min(1).default(64),
  /** Windows in the sliding training baseline. Default 120. */
  baselineWindows: z.number().int().min(8).default(120),
  /**
   * Windows needed before the first fit. The calibration reads the baseline's own p99, which
   * means little over a dozen windows. Default 30.
   */
  minWindows: z.number().int().min(4).default(30),
  /** Refit after this many new windows (never per line). Default 10. */
  refitEvery: z.number().int().min(1).default(10),
  /** Trees. Default 100. */
  trees: z.number().int().min(10).default(100),
  /**
   * Multiple of the baseline's own p99 excess over its median that maps to 0.5. Every window is
   * tested, and a window finding names no service or template, so the bar is high. Default 3.
   */
  excessAt50: z.number().positive().default(3),
  /** Seed of the forest's random choices (same data ⇒ same findings). Default 42. */
  seed: z.number().int().default(42),
});
export type WindowForestConfig = z.infer<typeof windowForestConfigSchema>;

/** The content of one closed window. */
export interface WindowSummary {
  readonly start: number;
  readonly end: number;
  readonly templateCounts: ReadonlyMap<string, number>;
  readonly severityCounts: Partial<Record<Severity, number>>;
}

/**
 * Joint shape of a window (template mix + severity mix + volume), scored by an IsolationForest
 * fitted on a sliding baseline of past windows and refitted every `refitEvery` windows.
 * Scores are calibrated against the baseline's own scores: `excessAt50` × its p99 excess over the median maps to 0.5.
 */
export class WindowForestDetector implements Detector<WindowSummary> {
  readonly name = 'window_iforest';
  private readonly columns = new Map<string, number>();
  private readonly baseline: number[][] = [];
  private readonly model: IsolationForestModel;
  private sinceFit = 0;
  private q50 = 0;
  private q99 = 1;

  constructor(private readonly config: WindowForestConfig = windowForestConfigSchema.parse({})) {
    this.model = new IsolationForestModel(config.trees, 256, config.seed);
  }

  private features(w: WindowSummary): number[] {
    for (const id of w.templateCounts.keys()) {
      if (!this.columns.has(id) && this.columns.size < this.config.maxTemplates) this.columns.set(id, this.columns.size);
    }
    const v = new Array<number>(this.config.maxTemplates + 5).fill(0);
    let total = 0;
    for (const [id, c] of w.templateCounts) {
      const col = this.columns.get(id) ?? this.config.maxTemplates;
      v[col] = (v[col] as number) + c;
      total += c;
    }
    for (let i = 0; i <= this.config.maxTemplates; i++) v[i] = Math.log1p(v[i] as number);
    const sev = w.severityCounts;
    const frac = (s: Severity): number => (total > 0 ? (sev[s] ?? 0) / total : 0);
    v[this.config.maxTemplates + 1] = frac('WARN');
    v[this.config.maxTemplates + 2] = frac('ERROR') + frac('FATAL');
    v[this.config.maxTemplates + 3] = Math.log1p(total);
    v[this.config.maxTemplates + 4] = Math.log1p(w.templateCounts.size);
    return v;
  }

  learn(w: WindowSummary): void {
    this.baseline.push(this.features(w));
    if (this.baseline.length > this.config.baselineWindows) this.baseline.shift();
    this.sinceFit++;
    const due = !this.model.fitted ? this.baseline.length >= this.config.minWindows : this.sinceFit >= this.config.refitEvery;
    if (due) this.refit();
  }

  private refit(): void {
    const s = this.model.fitScored(this.baseline).sort((a, b) => a - b);
    this.q50 = s[Math.floor(0.5 * (s.length - 1))] ?? 0.5;
    this.q99 = s[Math.floor(0.99 * (s.length - 1))] ?? 1;
    this.sinceFit = 0;
  }

  score(w: WindowSummary): DetectorResult {
    if (!this.model.fitted) return { score: 0, evidence: { fitted: false } };
    const raw = this.model.predict([this.features(w)])[0] ?? 0;
    // 0.5 at `excessAt50` × the baseline's own p99 excess: the p99 itself is, by construction, routine
    const score = squash(raw - this.q50, Math.max(1e-6, this.config.excessAt50 * (this.q99 - this.q50)));
    return { score, evidence: { raw, baselineMedian: this.q50, baselineP99: this.q99, windows: this.baseline.length } };
  }
}
