import type { Logger } from '../domain/logger.js';
import type { ExplainContextRepository } from '../storage/repositories/explain-context.repository.js';
import type { ValidateExporter } from './validate.exporter.js';

export interface ExplanationSweeperOptions {
  /** Pause between rounds of a started sweeper. */
  readonly intervalMs: number;
  /** Rows explained per round at most. */
  readonly batchSize: number;
  readonly logger: Logger;
}

/**
 * Explains the anomalies the pipeline left behind: rows whose explanation step failed (the
 * batch's offsets were committed anyway) and rows that got the deadline fallback while the
 * model was slow. Long-running processes `start()` it; a one-shot ingest calls `runOnce()`
 * after its flush. Rounds never overlap and never throw: a failed round is logged and the
 * next one tries again.
 */
export class ExplanationSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly repository: ExplainContextRepository,
    private readonly validate: ValidateExporter,
    private readonly options: ExplanationSweeperOptions,
  ) {}

  /** Sweeps every `intervalMs` until {@link stop}; the timer does not keep the process alive. */
  start(): void {
    if (this.timer !== undefined || this.stopped) return;
    this.schedule();
  }

  /** One bounded round; returns the rows written (0 after a failure). Joins a round in progress. */
  runOnce(): Promise<number> {
    this.running ??= this.sweep().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops the timer and waits for a round in progress (its model calls are deadline-bounded). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.runOnce().then(() => {
        if (!this.stopped) this.schedule();
      });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  private async sweep(): Promise<number> {
    try {
      const rows = await this.repository.pendingExplanations(this.options.batchSize);
      if (rows.length === 0) return 0;
      const written = await this.validate.explainRows(rows);
      this.options.logger.info({ rows: rows.length, written }, 'explanation sweeper explained pending anomalies');
      return written;
    } catch (error) {
      this.options.logger.warn({ err: error }, 'explanation sweep failed; retried next round');
      return 0;
    }
  }
}
