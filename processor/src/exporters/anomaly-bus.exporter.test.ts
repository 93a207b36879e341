import { describe, expect, it } from 'vitest';
import type { AnomalyFinding } from '../domain/anomaly.js';
import { emptyBatch } from '../pipeline/stage.js';
import { AnomalyBus, AnomalyBusExporter } from './anomaly-bus.exporter.js';

const finding: AnomalyFinding = {
  scope: 'template',
  method: 'new_template',
  score: 0.95,
  isAnomaly: true,
  templateId: 't1',
  service: 'api',
  windowStart: new Date(0),
  windowEnd: new Date(60_000),
  reasons: ['new template'],
  evidence: { signals: [] },
};

describe('AnomalyBusExporter', () => {
  it('publishes every anomaly of a batch to every listener', async () => {
    const bus = new AnomalyBus();
    const a: AnomalyFinding[] = [];
    const b: AnomalyFinding[] = [];
    bus.subscribe((f) => a.push(f));
    bus.subscribe((f) => b.push(f));
    const batch = emptyBatch();
    batch.anomalies.push(finding, { ...finding, templateId: 't2' });
    await new AnomalyBusExporter(bus).export(batch);
    expect(a.map((f) => f.templateId)).toEqual(['t1', 't2']);
    expect(b).toHaveLength(2);
  });

  it('isolates a throwing listener and stops delivering after unsubscribe', async () => {
    const bus = new AnomalyBus();
    const seen: string[] = [];
    bus.subscribe(() => {
      throw new Error('bad subscriber');
    });
    const unsubscribe = bus.subscribe((f) => seen.push(f.method));
    const batch = emptyBatch();
    batch.anomalies.push(finding);
    await new AnomalyBusExporter(bus).export(batch);
    unsubscribe();
    await new AnomalyBusExporter(bus).export(batch);
    expect(seen).toEqual(['new_template']);
    expect(bus.listenerFailures).toBe(2);
    expect(bus.listenerCount).toBe(1);
  });
});
