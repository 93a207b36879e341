import { z } from 'zod';
import type { DetectEvent, Detector, DetectorResult } from './detector.js';
import { squash } from './detector.js';

/** Config of the new/rare template detector. */
export const newTemplateConfigSchema = z.object({
  /** Lines seen before any template counts as new (everything is new at start). Default 100. */
  warmupLines: z.number().int().min(0).default(100),
  /**
   * Stream time (ms) before novelty counts fully (linear ramp): hourly jobs, log rotation, first
   * requests of each kind and rare background errors all look new in the first half hour of any
   * stream. Default 1800000 (30 min).
   */
  warmupMs: z.number().int().min(0).default(30 * 60_000),
  /** Good–Turing probability of an unseen template that maps to novelty 0.5 (as -log10). Default 2 (1%). */
  surpriseAt50: z.number().positive().default(2),
  /** Additive smoothing for the rarity estimate: rarity = alpha / (alpha + prior count). Default 1. */
  alpha: z.number().positive().default(1),
});
export type NewTemplateConfig = z.infer<typeof newTemplateConfigSchema>;

/**
 * Novelty and rarity of a template in the stream so far. A first occurrence after warm-up
 * scores 1; repeated occurrences decay with additive smoothing, so a template seen twice
 * is still rare but a steady one fades to ~0. During warm-up scores are scaled down
 * linearly, because "new" means little before the baseline exists.
 */
export class NewTemplateDetector implements Detector<DetectEvent> {
  readonly name = 'new_template';
  private readonly counts = new Map<string, number>();
  private total = 0;
  /** Templates seen exactly once (Good–Turing N1). */
  private singletons = 0;
  private firstTime: number | null = null;

  constructor(private readonly config: NewTemplateConfig = newTemplateConfigSchema.parse({})) {}

  learn(e: DetectEvent): void {
    this.firstTime ??= e.time;
    const c = (this.counts.get(e.templateId) ?? 0) + 1;
    this.counts.set(e.templateId, c);
    if (c === 1) this.singletons++;
    else if (c === 2) this.singletons--;
    this.total++;
  }

  score(e: DetectEvent): DetectorResult {
    const count = this.counts.get(e.templateId) ?? 0;
    return { score: this.scoreOf(e), evidence: { priorCount: count, linesSeen: this.total, isNew: count === 0, pNew: (this.singletons + 1) / (this.total + 1) } };
  }

  /** Warm-up progress at `e` in [0,1]: 1 once enough lines and enough stream time were seen. */
  warmth(e: DetectEvent): number {
    const byLines = this.config.warmupLines === 0 ? 1 : Math.min(1, this.total / this.config.warmupLines);
    const elapsed = this.firstTime === null ? 0 : e.time - this.firstTime;
    // Line-order pseudo-time says nothing about daily or hourly rhythms; the line warm-up covers it.
    const byTime = this.config.warmupMs === 0 || e.pseudoTime === true ? 1 : Math.min(1, Math.max(0, elapsed) / this.config.warmupMs);
    return Math.min(byLines, byTime);
  }

  /** The score alone, for the per-line hot path (evidence is only read when a line fires). */
  scoreOf(e: DetectEvent): number {
    const count = this.counts.get(e.templateId) ?? 0;
    const warm = this.warmth(e);
    // Good–Turing: P(next line is an unseen template) ≈ templates seen once / lines seen.
    // While new templates keep arriving (start-up, a chatty service), novelty means little.
    const pNew = (this.singletons + 1) / (this.total + 1);
    const surprise = squash(-Math.log10(pNew), this.config.surpriseAt50);
    const rarity = this.config.alpha / (this.config.alpha + count);
    return surprise * rarity * warm;
  }

  /** The miner generalised `from` into `to`: its history counts for `to` from now on. */
  alias(from: string, to: string): void {
    const c = this.counts.get(from);
    if (c === undefined) return;
    const before = this.counts.get(to) ?? 0;
    const after = before + c;
    this.singletons += (after === 1 ? 1 : 0) - (before === 1 ? 1 : 0) - (c === 1 ? 1 : 0);
    this.counts.set(to, after);
    this.counts.delete(from);
  }

  /** How often a template was seen (for other detectors and evidence). */
  countOf(templateId: string): number {
    return this.counts.get(templateId) ?? 0;
  }

  get linesSeen(): number {
    return this.total;
  }
}
