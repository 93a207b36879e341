import { describe, expect, it } from 'vitest';
import { AppError, UnavailableError } from '../domain/errors.js';
import type { LogRecord } from '../domain/log-record.js';
import { Pipeline, toPipelineRecords } from './pipeline.js';
import type { Batch, Exporter, Processor } from './stage.js';
import { emptyBatch } from './stage.js';

function record(message: string, position: number): LogRecord {
  return {
    timestamp: null,
    observedAt: new Date(0),
    service: 'svc',
    severity: 'INFO',
    message,
    attributes: {},
    traceId: null,
    spanId: null,
    source: { receiver: 'file', stream: 'app.log', position },
  };
}

class UpperProcessor implements Processor {
  readonly stage = 'redact' as const;
  process(batch: Batch): void {
    for (const r of batch.records) r.redactedMessage = r.record.message.toUpperCase();
  }
}

class CountingFlushProcessor implements Processor {
  readonly stage = 'detect' as const;
  seen = 0;
  process(batch: Batch): void {
    this.seen += batch.records.length;
  }
  flush(batch: Batch): void {
    batch.anomalies.push({
      scope: 'window',
      method: 'rate',
      score: 0.9,
      isAnomaly: true,
      templateId: null,
      service: null,
      windowStart: new Date(0),
      windowEnd: new Date(60_000),
      reasons: [`flushed after ${this.seen}`],
      evidence: { signals: [] },
    });
  }
}

class MemoryExporter implements Exporter {
  readonly name = 'memory';
  readonly batches: Batch[] = [];
  export(batch: Batch): Promise<void> {
    this.batches.push(batch);
    return Promise.resolve();
  }
}

describe('Pipeline', () => {
  it('runs processors in order, then exporters, and counts totals', async () => {
    const exporter = new MemoryExporter();
    const timings: string[] = [];
    const pipeline = new Pipeline({
      processors: [new UpperProcessor(), new CountingFlushProcessor()],
      exporters: [exporter],
      observe: (stage) => timings.push(String(stage)),
    });
    const batch = emptyBatch(toPipelineRecords([record('a', 1), record('b', 2)]));
    await pipeline.process(batch);
    const flushed = await pipeline.flush();
    expect(exporter.batches).toHaveLength(2);
    expect(exporter.batches[0]?.records.map((r) => r.redactedMessage)).toEqual(['A', 'B']);
    expect(exporter.batches[0]?.records[0]?.key).toBe('file:app.log:1');
    expect(flushed.anomalies[0]?.reasons).toEqual(['flushed after 2']);
    expect(pipeline.totals).toEqual({ batches: 2, records: 2, anomalies: 1, deadLetters: 0 });
    expect(timings).toEqual(['redact', 'detect', 'export:memory', 'detect', 'export:memory']);
  });

  it('splits the exporters at the first one that is not unordered: exportUnordered runs the prefix, exportOrdered the rest and the totals', async () => {
    const calls: string[] = [];
    const exporter = (name: string, unordered?: boolean): Exporter => ({
      name,
      unordered,
      export: () => {
        calls.push(name);
        return Promise.resolve();
      },
    });
    const pipeline = new Pipeline({ processors: [], exporters: [exporter('db', true), exporter('publish'), exporter('late', true)] });
    const batch = emptyBatch(toPipelineRecords([record('a', 1)]));
    await pipeline.exportUnordered(batch);
    expect(calls).toEqual(['db']);
    expect(pipeline.totals.batches).toBe(0);
    await pipeline.exportOrdered(batch);
    // An unordered exporter after an ordered one stays in the ordered part.
    expect(calls).toEqual(['db', 'publish', 'late']);
    expect(pipeline.totals).toEqual({ batches: 1, records: 1, anomalies: 0, deadLetters: 0 });
    await new Pipeline({ processors: [], exporters: [exporter('plain')] }).exportUnordered(batch);
    expect(calls).toHaveLength(3);
  });

  it('wraps a plain error with the stage it happened in', async () => {
    const failing: Processor = {
      stage: 'template',
      process: () => {
        throw new Error('boom');
      },
    };
    const pipeline = new Pipeline({ processors: [failing], exporters: [] });
    const error = await pipeline.process(emptyBatch()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).stage).toBe('template');
    expect((error as AppError).message).toContain('boom');
  });

  it('lets retriable errors through unchanged so the caller can redeliver', async () => {
    const down = new UnavailableError('database down', 'persist');
    const exporter: Exporter = { name: 'pg', export: () => Promise.reject(down) };
    const pipeline = new Pipeline({ processors: [], exporters: [exporter] });
    await expect(pipeline.process(emptyBatch())).rejects.toBe(down);
    expect(pipeline.totals.batches).toBe(0);
  });
});

describe('toPipelineRecords ranges', () => {
  it('wraps a slice of the records without copying it first', () => {
    const records = [record('a', 1), record('b', 2), record('c', 3)];
    expect(toPipelineRecords(records, 1, 5).map((p) => [p.record.message, p.key])).toEqual([['b', 'file:app.log:2'], ['c', 'file:app.log:3']]);
    expect(toPipelineRecords(records).map((p) => p.record)).toEqual(records);
    expect(toPipelineRecords(records, 3, 6)).toEqual([]);
  });
});
