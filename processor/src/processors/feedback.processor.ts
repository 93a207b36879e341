import { FeedbackRules, feedbackRulesConfigSchema, type FeedbackRuleSet, type FeedbackRulesConfig } from '../detectors/feedback-rules.js';
import type { Stage } from '../domain/errors.js';
import { silentLogger, type Logger } from '../domain/logger.js';
import type { Batch, Processor } from '../pipeline/stage.js';

/** Where the rules come from: `FeedbackRepository` in production, a stub in tests. */
export interface FeedbackRuleSource {
  version(): Promise<string>;
  loadRules(): Promise<FeedbackRuleSet & { readonly version: string }>;
}

/** Running totals, for metrics and the CLI summary. */
export interface FeedbackProcessorStats {
  muted: number;
  suppressed: number;
  reloads: number;
  refreshFailures: number;
}

/**
 * The stage after detect that applies user feedback (`FeedbackRules`) to the batch's findings.
 * Changes are picked up without a restart: at most every `refreshMs` it reads the feedback
 * version (one indexed `max(id)`) and reloads the rules only when it moved.
 */
export class FeedbackProcessor implements Processor {
  readonly stage: Stage = 'detect';
  readonly stats: FeedbackProcessorStats = { muted: 0, suppressed: 0, reloads: 0, refreshFailures: 0 };
  private rules: FeedbackRules;
  private version: string | null = null;
  private checkedAt = -Infinity;
  private readonly config: FeedbackRulesConfig;

  constructor(
    private readonly source: FeedbackRuleSource,
    config: Partial<FeedbackRulesConfig> = {},
    private readonly logger: Logger = silentLogger,
    private readonly now: () => number = Date.now,
    /** Told about every rule set loaded, so detectors can learn from feedback too (failure backgrounds). */
    private readonly onRules?: (rules: FeedbackRuleSet) => void,
  ) {
    this.config = feedbackRulesConfigSchema.parse(config);
    this.rules = FeedbackRules.none(this.config);
  }

  async process(batch: Batch): Promise<void> {
    // a listener must hear of a mute even while its template only flags lines (no new findings)
    if (batch.anomalies.length === 0 && this.onRules === undefined) return;
    await this.refresh();
    if (batch.anomalies.length === 0) return;
    const outcome = this.rules.apply(batch);
    this.stats.muted += outcome.muted;
    this.stats.suppressed += outcome.suppressed;
  }

  flush(batch: Batch): Promise<void> {
    return this.process(batch);
  }

  private async refresh(): Promise<void> {
    const at = this.now();
    if (at - this.checkedAt < this.config.refreshMs) return;
    this.checkedAt = at;
    try {
      if ((await this.source.version()) === this.version) return;
      const loaded = await this.source.loadRules();
      this.rules = new FeedbackRules(loaded, this.config);
      this.version = loaded.version;
      this.onRules?.(loaded);
      this.stats.reloads += 1;
    } catch (error) {
      // detection goes on with the rules it has; the next batch tries again
      this.stats.refreshFailures += 1;
      this.logger.warn({ err: error }, 'could not refresh feedback rules; keeping the previous ones');
    }
  }
}
