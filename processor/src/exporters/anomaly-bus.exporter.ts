import type { AnomalyFinding } from '../domain/anomaly.js';
import type { Batch, Exporter } from '../pipeline/stage.js';

export type AnomalyListener = (finding: AnomalyFinding) => void;

/**
 * In-process fan-out of anomalies: the embedded stand-in for the `anomalies` topic. The demo's
 * report and in-process subscribers listen here; a throwing listener is isolated so one bad
 * subscriber cannot stop the pipeline or starve the others.
 */
export class AnomalyBus {
  private readonly listeners = new Set<AnomalyListener>();
  private failures = 0;

  /** Returns the unsubscribe function. */
  subscribe(listener: AnomalyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(finding: AnomalyFinding): void {
    for (const listener of this.listeners) {
      try {
        listener(finding);
      } catch {
        this.failures += 1;
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Listener calls that threw, for the metrics endpoint. */
  get listenerFailures(): number {
    return this.failures;
  }
}

/** The publish stage in embedded mode: every anomaly of a batch, after it was persisted. */
export class AnomalyBusExporter implements Exporter {
  readonly name = 'anomaly-bus';

  constructor(private readonly bus: AnomalyBus) {}

  export(batch: Batch): Promise<void> {
    for (const finding of batch.anomalies) this.bus.publish(finding);
    return Promise.resolve();
  }
}
