import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../domain/log-record.js';
import { Pipeline } from '../pipeline/pipeline.js';
import type { Batch, Exporter } from '../pipeline/stage.js';
import type { ReceivedChunk } from '../receivers/index.js';
import type { RunningPipeline } from './build-pipeline.js';
import { ingest } from './ingest.js';

function chunk(from: number, n: number): ReceivedChunk {
  const records: LogRecord[] = Array.from({ length: n }, (_, i) => ({
    timestamp: null,
    observedAt: new Date(0),
    service: null,
    severity: 'INFO',
    message: `line ${from + i}`,
    attributes: {},
    traceId: null,
    spanId: null,
    source: { receiver: 'file', stream: 's', position: from + i },
  }));
  return { records, deadLetters: [] };
}

function running(): { run: RunningPipeline; exported: Batch[]; checkpoints: () => number } {
  const exported: Batch[] = [];
  const exporter: Exporter = { name: 'memory', export: (b) => Promise.resolve(void exported.push(b)) };
  let checkpoints = 0;
  const run = {
    pipeline: new Pipeline({ processors: [], exporters: [exporter] }),
    checkpoint: () => Promise.resolve(void (checkpoints += 1)),
  } as unknown as RunningPipeline;
  return { run, exported, checkpoints: () => checkpoints };
}

describe('ingest', () => {
  it('processes every chunk, flushes once and checkpoints at the end', async () => {
    const { run, exported, checkpoints } = running();
    async function* source(): AsyncGenerator<ReceivedChunk> {
      for (let i = 0; i < 5; i++) yield await Promise.resolve(chunk(i * 10, 10));
    }
    const result = await ingest(source(), run, { queueCapacity: 2, checkpointEvery: 2 });
    expect(result.totals.records).toBe(50);
    expect(exported).toHaveLength(6); // 5 batches + the flush
    expect(checkpoints()).toBe(3); // after batches 2 and 4, and at the end
  });

  it('stops reading on abort but still stores and checkpoints what was read', async () => {
    const { run, checkpoints } = running();
    const controller = new AbortController();
    let produced = 0;
    async function* source(): AsyncGenerator<ReceivedChunk> {
      for (let i = 0; i < 100; i++) {
        produced += 1;
        if (i === 3) controller.abort();
        yield await Promise.resolve(chunk(i * 10, 10));
      }
    }
    const result = await ingest(source(), run, { queueCapacity: 1, signal: controller.signal });
    expect(produced).toBe(4);
    expect(result.totals.records).toBe(40);
    expect(checkpoints()).toBe(1);
  });
});
