import { describe, expect, it } from 'vitest';
import type { AnomalyFinding, AnomalyStatus } from '../domain/anomaly.js';
import { emptyBatch, type Batch, type Exporter } from '../pipeline/stage.js';
import { PublishFilterExporter } from './publish-filter.exporter.js';

class Recorder implements Exporter {
  readonly name = 'recorder';
  readonly seen: Batch[] = [];
  export(batch: Batch): Promise<void> {
    this.seen.push(batch);
    return Promise.resolve();
  }
}

const finding = (templateId: string, status?: AnomalyStatus): AnomalyFinding => ({
  scope: 'template',
  method: 'combined',
  score: 0.9,
  isAnomaly: true,
  templateId,
  service: 'web',
  windowStart: new Date(0),
  windowEnd: new Date(60_000),
  reasons: [],
  evidence: { signals: [] },
  ...(status === undefined ? {} : { status }),
});

describe('PublishFilterExporter', () => {
  it('announces open and confirmed findings but never muted, dismissed or false-positive ones', async () => {
    const inner = new Recorder();
    const batch = emptyBatch();
    batch.anomalies.push(finding('a'), finding('b', 'dismissed'), finding('c', 'muted'), finding('d', 'confirmed'), finding('e', 'open'), finding('f', 'false_positive'));
    await new PublishFilterExporter(inner).export(batch);
    expect(inner.seen[0]?.anomalies.map((f) => f.templateId)).toEqual(['a', 'd', 'e']);
    // The stored batch itself is untouched.
    expect(batch.anomalies).toHaveLength(6);
  });

  it('passes a batch with nothing to hide through as is', async () => {
    const inner = new Recorder();
    const batch = emptyBatch();
    batch.anomalies.push(finding('a'));
    await new PublishFilterExporter(inner).export(batch);
    expect(inner.seen[0]).toBe(batch);
  });
});
