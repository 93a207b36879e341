import type { AnomalyFinding, AnomalyStatus } from '../domain/anomaly.js';
import type { Batch, Exporter } from '../pipeline/stage.js';

/** Statuses that are stored but never announced (the subscription feed likewise delivers only open/confirmed). */
const UNPUBLISHED: ReadonlySet<AnomalyStatus> = new Set(['muted', 'dismissed', 'false_positive']);

const published = (f: AnomalyFinding): boolean => f.status === undefined || !UNPUBLISHED.has(f.status);

/**
 * Wraps a publishing exporter (anomaly bus, Kafka) so it never sees muted, dismissed or
 * false-positive findings: they are stored by the PostgreSQL exporter but not announced (the LLM validate
 * exporter marks the findings it dismissed before the publishers run). Everything else of the
 * batch passes through unchanged.
 */
export class PublishFilterExporter implements Exporter {
  readonly name: string;

  constructor(private readonly inner: Exporter) {
    this.name = inner.name;
  }

  export(batch: Batch): Promise<void> {
    if (batch.anomalies.every(published)) return this.inner.export(batch);
    return this.inner.export({ ...batch, anomalies: batch.anomalies.filter(published) });
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
