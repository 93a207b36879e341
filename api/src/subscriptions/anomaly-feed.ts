import type { AnomalyBus, AnomalyFinding } from '@ailog/processor';
import type { AnomalyStatus } from '@ailog/processor/domain/anomaly';

/** What a subscriber wants; absent fields match everything. */
export interface AnomalyFeedFilter {
  readonly service?: string | null;
  readonly minScore?: number | null;
  readonly method?: string | null;
}

/** Statuses a subscriber is told about; muted, dismissed and false positives are stored only. */
const LIVE_STATUSES: ReadonlySet<AnomalyStatus> = new Set(['open', 'confirmed']);

/** True when the feed delivers `finding` to a subscriber with `filter` (a live anomaly that matches). */
export function matchesFilter(finding: AnomalyFinding, filter: AnomalyFeedFilter): boolean {
  if (!finding.isAnomaly || !LIVE_STATUSES.has(finding.status ?? 'open')) return false;
  if (filter.service != null && finding.service !== filter.service) return false;
  if (filter.minScore != null && finding.score < filter.minScore) return false;
  if (filter.method != null && finding.method !== filter.method) return false;
  return true;
}

/**
 * Turns the in-process AnomalyBus into one async iterator per subscriber. Each subscriber has a
 * bounded queue: a slow websocket loses its oldest anomalies (counted in `dropped`) instead of
 * growing memory without limit or slowing the pipeline that publishes.
 */
export class AnomalyFeed {
  private droppedCount = 0;

  constructor(
    private readonly bus: AnomalyBus,
    private readonly queueSize: number,
  ) {}

  get dropped(): number {
    return this.droppedCount;
  }

  subscribe(filter: AnomalyFeedFilter): AsyncIterableIterator<AnomalyFinding> {
    const queue: AnomalyFinding[] = [];
    let waiting: ((result: IteratorResult<AnomalyFinding>) => void) | null = null;
    let done = false;
    const unsubscribe = this.bus.subscribe((finding) => {
      if (done || !matchesFilter(finding, filter)) return;
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ value: finding, done: false });
        return;
      }
      queue.push(finding);
      if (queue.length > this.queueSize) {
        queue.shift();
        this.droppedCount += 1;
      }
    });
    const finish = (): Promise<IteratorResult<AnomalyFinding>> => {
      done = true;
      unsubscribe();
      queue.length = 0;
      waiting?.({ value: undefined, done: true });
      waiting = null;
      return Promise.resolve({ value: undefined, done: true });
    };
    const iterator: AsyncIterableIterator<AnomalyFinding> = {
      next: () => {
        const value = queue.shift();
        if (value) return Promise.resolve({ value, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (waiting = resolve));
      },
      return: finish,
      throw: async (error: unknown) => {
        await finish();
        throw error;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
