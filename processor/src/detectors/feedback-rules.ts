/**
 * What user feedback changes in detection from then on:
 * - a muted template's findings are still stored, with status `muted`, but not published;
 * - each net false positive on (template, method) — false positives minus confirmations —
 *   raises the score that pair needs to count as an anomaly: bar(n) = 1 − (1 − threshold)·(1 − step)^n
 *   (0.75, 0.875, 0.94 … with the defaults). A finding below its bar is stored with
 *   `isAnomaly = false`, status `dismissed` and the reason `suppressed_by_feedback`; its line
 *   loses the anomaly flag unless another finding still holds it. Above the bar it stands,
 *   with the bar in its evidence.
 */
import { z } from 'zod';
import type { AnomalyFinding } from '../domain/anomaly.js';
import type { Batch } from '../pipeline/stage.js';

export const feedbackRulesConfigSchema = z.object({
  /** How often the processor checks the feedback table for changes. Default 5000 ms; 0 = every batch. */
  refreshMs: z.number().int().min(0).default(5000),
  /** The detectors' own anomaly threshold, the bar with no feedback. Default 0.5 (the calibrated threshold). */
  threshold: z.number().min(0).max(1).default(0.5),
  /** Share of the remaining headroom (1 − bar) each net false positive removes. Default 0.5. */
  falsePositiveStep: z.number().gt(0).lt(1).default(0.5),
});
export type FeedbackRulesConfig = z.infer<typeof feedbackRulesConfigSchema>;

/** The rule inputs, as loaded from storage. */
export interface FeedbackRuleSet {
  readonly mutedTemplates: Iterable<string>;
  readonly falsePositives: Iterable<{ readonly templateId: string; readonly method: string; readonly count: number }>;
}

/** What applying the rules did to one batch. */
export interface FeedbackOutcome {
  readonly muted: number;
  readonly suppressed: number;
}

const pairKey = (templateId: string, method: string): string => `${templateId}\u0000${method}`;

/** Immutable rules built from one feedback version; `apply` is pure apart from the batch it edits. */
export class FeedbackRules {
  private readonly muted: ReadonlySet<string>;
  private readonly falsePositives: ReadonlyMap<string, number>;

  constructor(
    rules: FeedbackRuleSet,
    private readonly config: FeedbackRulesConfig = feedbackRulesConfigSchema.parse({}),
  ) {
    this.muted = new Set(rules.mutedTemplates);
    this.falsePositives = new Map([...rules.falsePositives].map((p) => [pairKey(p.templateId, p.method), p.count]));
  }

  static none(config?: FeedbackRulesConfig): FeedbackRules {
    return new FeedbackRules({ mutedTemplates: [], falsePositives: [] }, config);
  }

  get empty(): boolean {
    return this.muted.size === 0 && this.falsePositives.size === 0;
  }

  /** The score (template, method) needs after `n` net false positives. */
  bar(n: number): number {
    return 1 - (1 - this.config.threshold) * (1 - this.config.falsePositiveStep) ** n;
  }

  /** Rewrites `batch.anomalies` (and line flags) in place. */
  apply(batch: Batch): FeedbackOutcome {
    if (this.empty || batch.anomalies.length === 0) return { muted: 0, suppressed: 0 };
    let muted = 0;
    let suppressed = 0;
    const cleared = new Set<string>();
    batch.anomalies.forEach((finding, i) => {
      const next = this.judge(finding);
      if (next === finding) return;
      if (next.status === 'muted') muted += 1;
      if (finding.isAnomaly && !next.isAnomaly) {
        suppressed += 1;
        if (finding.scope === 'line' && finding.logKey) cleared.add(finding.logKey);
      }
      batch.anomalies[i] = next;
    });
    for (const f of batch.anomalies) if (f.isAnomaly && f.logKey) cleared.delete(f.logKey);
    if (cleared.size > 0) for (const r of batch.records) if (cleared.has(r.key)) r.isAnomaly = false;
    return { muted, suppressed };
  }

  private judge(finding: AnomalyFinding): AnomalyFinding {
    if (finding.templateId === null) return finding;
    let next = finding;
    const n = this.falsePositives.get(pairKey(finding.templateId, finding.method)) ?? 0;
    if (n > 0 && finding.isAnomaly) {
      const bar = this.bar(n);
      const evidence = { ...finding.evidence, feedback: { falsePositives: n, bar } };
      next =
        finding.score >= bar
          ? { ...finding, evidence }
          : { ...finding, evidence, isAnomaly: false, status: 'dismissed', reasons: [...finding.reasons, 'suppressed_by_feedback'] };
    }
    if (this.muted.has(finding.templateId)) next = { ...next, status: 'muted' };
    return next;
  }
}
