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
  /** The refresh in flight, shared: a slow database delays no batch by more than `REFRESH_WAIT_MS`. */
  private refreshing: Promise<void> | null = null;
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
    await this.refreshBriefly();
    if (batch.anomalies.length === 0) return;
    const outcome = this.rules.apply(batch);
    this.stats.muted += outcome.muted;
    this.stats.suppressed += outcome.suppressed;
  }

  flush(batch: Batch): Promise<void> {
    return this.process(batch);
  }

  /**
   * Waits for a refresh at most `REFRESH_WAIT_MS`: a database that hangs (no answer, a pool held by
   * stuck transactions) must not stall the pipeline; the refresh finishes in the background and its
   * rules apply from the next batch.
   */
  private async refreshBriefly(): Promise<void> {
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = null));
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, REFRESH_WAIT_MS)));
    await Promise.race([this.refreshing, waited]);
    clearTimeout(timer);
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
      this.stats.reloads += 1;
      this.tellListener(loaded);
    } catch (error) {
      // detection goes on with the rules it has; the next batch tries again
      this.stats.refreshFailures += 1;
      this.logger.warn({ err: error }, 'could not refresh feedback rules; keeping the previous ones');
    }
  }

  private tellListener(rules: FeedbackRuleSet): void {
    try {
      this.onRules?.(rules);
    } catch (error) {
      // the rules themselves were applied; only the listener missed them: make the next check reload
      this.version = null;
      this.logger.warn({ err: error }, 'feedback listener failed; it will be told again at the next check');
    }
  }
}

/** Longest a batch waits for a feedback refresh. */
const REFRESH_WAIT_MS = 1000;
