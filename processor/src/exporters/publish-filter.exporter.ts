import type { Batch, Exporter } from '../pipeline/stage.js';

/**
 * Wraps a publishing exporter (anomaly bus, Kafka) so it never sees muted findings: muted
 * anomalies are stored by the PostgreSQL exporter but not announced. Everything else of the
 * batch passes through unchanged.
 */
export class PublishFilterExporter implements Exporter {
  readonly name: string;

  constructor(private readonly inner: Exporter) {
    this.name = inner.name;
  }

  export(batch: Batch): Promise<void> {
    if (!batch.anomalies.some((f) => f.status === 'muted')) return this.inner.export(batch);
    return this.inner.export({ ...batch, anomalies: batch.anomalies.filter((f) => f.status !== 'muted') });
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
