import { describe, expect, it } from 'vitest';
import { isRetriable } from '../domain/errors.js';
import type { JsonMessage, KafkaDeadLetter, RawMessage } from '../kafka/index.js';
import { emptyBatch } from '../pipeline/stage.js';
import { makeFinding, makeRecord } from '../storage/testing/fixtures.js';
import { chunks, KafkaExporter, type KafkaOutput } from './kafka.exporter.js';

class FakeOutput implements KafkaOutput {
  processed: JsonMessage[] = [];
  sends = 0;
  anomalies: JsonMessage[] = [];
  letters: KafkaDeadLetter[] = [];
  failWith: Error | null = null;
  publishProcessed(messages: readonly JsonMessage[]): Promise<void> {
    if (this.failWith) return Promise.reject(this.failWith);
    this.sends += 1;
    this.processed.push(...messages);
    return Promise.resolve();
  }
  publishAnomalies(messages: readonly JsonMessage[]): Promise<void> {
    this.anomalies.push(...messages);
    return Promise.resolve();
  }
  publishDeadLetters(letters: readonly KafkaDeadLetter[]): Promise<void> {
    this.letters.push(...letters);
    return Promise.resolve();
  }
}

/** A processed message's payload, parsed from the bytes the exporter hands over. */
const payload = (m: JsonMessage | undefined): unknown => JSON.parse(m?.bytes?.toString('utf8') ?? 'null');

const raw: RawMessage = { topic: 'logs-raw', partition: 1, offset: '42', key: null, value: Buffer.from([0xff, 0xfe]), headers: {}, timestamp: '0' };

describe('KafkaExporter', () => {
  it('publishes redacted records only, never the original message', async () => {
    const output = new FakeOutput();
    const exporter = new KafkaExporter(output);
    const unredacted = makeRecord(3);
    delete unredacted.redactedMessage;
    const batch = emptyBatch([makeRecord(0), makeRecord(1), unredacted]);
    await exporter.export(batch);
    expect(output.processed).toHaveLength(2);
    const text = output.processed.map((m) => m.bytes?.toString('utf8')).join('\n');
    expect(text).not.toContain('alice@example.com');
    expect(output.processed[1]?.key).toBe('web');
    expect(payload(output.processed[1])).toMatchObject({ key: 'file:app.log:1', message: 'user <EMAIL> did thing 1 kind 1', templateId: 't1', template: 'user <*> did thing <*> kind 1', score: 0.9, isAnomaly: true, level: 'ERROR', service: 'web', timestamp: '2026-01-01T00:00:01.000Z', params: ['<EMAIL>', '1'],
    });
    expect(exporter.stats).toMatchObject({ processed: 2, unredacted: 1 });
  });

  it('publishes findings with ISO dates', async () => {
    const output = new FakeOutput();
    const record = makeRecord(1);
    const batch = emptyBatch([record]);
    batch.anomalies.push(makeFinding(record));
    await new KafkaExporter(output).export(batch);
    expect(output.anomalies).toEqual([
      { key: 'web', value: expect.objectContaining({ scope: 'line', templateId: 't1', logKey: 'file:app.log:1', windowStart: '2026-01-01T00:00:01.000Z' }) as unknown },
    ]);
  });

  it('dead letters carry the attached original bytes, else the redacted sample and the parsed source', async () => {
    const output = new FakeOutput();
    const exporter = new KafkaExporter(output);
    const batch = emptyBatch();
    batch.deadLetters.push({ stage: 'decode', reason: 'message value is not UTF-8 text', source: 'kafka:logs-raw/1:42', sample: '' });
    batch.deadLetters.push({ stage: 'redact', reason: 'message is number', source: 'kafka:my.topic/2:7:3', sample: 'x <EMAIL>' });
    exporter.attachOriginals(batch, new Map([['kafka:logs-raw/1:42', raw]]));
    await exporter.export(batch);
    expect(output.letters[0]).toEqual({ message: raw, reason: 'message value is not UTF-8 text', stage: 'decode' });
    expect(output.letters[1]?.message).toMatchObject({ topic: 'my.topic', partition: 2, offset: '7', value: Buffer.from('x <EMAIL>') });
    expect(output.letters[1]?.stage).toBe('redact');
  });

  it('copyOriginals=false never forwards the original bytes', async () => {
    const output = new FakeOutput();
    const exporter = new KafkaExporter(output, { copyOriginals: false });
    const batch = emptyBatch();
    batch.deadLetters.push({ stage: 'decode', reason: 'bad', source: 'kafka:logs-raw/1:42', sample: 'redacted' });
    exporter.attachOriginals(batch, new Map([['kafka:logs-raw/1:42', raw]]));
    await exporter.export(batch);
    expect(output.letters[0]?.message.value).toEqual(Buffer.from('redacted'));
  });

  it('publishProcessed=false publishes findings and dead letters but no records', async () => {
    const output = new FakeOutput();
    const exporter = new KafkaExporter(output, { publishProcessed: false });
    const batch = emptyBatch([makeRecord(0), makeRecord(1)]);
    batch.anomalies.push(makeFinding(makeRecord(1)));
    batch.deadLetters.push({ stage: 'decode', reason: 'bad', source: 'kafka:logs-raw/1:42', sample: 'x' });
    await exporter.export(batch);
    expect(output.processed).toHaveLength(0);
    expect(output.anomalies).toHaveLength(1);
    expect(output.letters).toHaveLength(1);
    expect(exporter.stats).toMatchObject({ processed: 0, anomalies: 1, deadLetters: 1 });
  });

  it('a broker failure surfaces as a retriable publish error', async () => {
    const output = new FakeOutput();
    output.failWith = new Error('Connection error: ECONNREFUSED');
    const error: unknown = await new KafkaExporter(output).export(emptyBatch([makeRecord(0)])).catch((e: unknown) => e);
    expect(isRetriable(error)).toBe(true);
    expect(error).toMatchObject({ stage: 'publish', code: 'UNAVAILABLE' });
  });

  it('splits a large batch into producer requests under the size limit, in order', async () => {
    const output = new FakeOutput();
    const records = Array.from({ length: 50 }, (_, i) => makeRecord(i));
    await new KafkaExporter(output, { maxRequestBytes: 4096 }).export(emptyBatch(records));
    expect(output.sends).toBeGreaterThan(5);
    expect(output.processed.map((m) => (payload(m) as { key: string }).key)).toEqual(records.map((r) => r.key));
  });

  it('deferAcks: export returns once requests are handed over, in order across batches; acknowledged waits for the broker', async () => {
    const calls: string[] = [];
    const gates: Array<() => void> = [];
    const gated = (label: string) => (messages: readonly unknown[]): Promise<void> => {
      if (messages.length === 0) return Promise.resolve();
      calls.push(label);
      return new Promise<void>((resolve) => gates.push(resolve));
    };
    const output: KafkaOutput = { publishProcessed: gated('processed'), publishAnomalies: gated('anomalies'), publishDeadLetters: gated('letters') };
    const exporter = new KafkaExporter(output, { deferAcks: true, maxRequestBytes: 1 });
    const first = emptyBatch([makeRecord(0), makeRecord(1)]);
    const second = emptyBatch([makeRecord(2)]);
    await exporter.export(first);
    await exporter.export(second);
    // Both batches were handed over before any acknowledgement: first's two requests, then second's.
    expect(calls).toEqual(['processed', 'processed', 'processed']);
    let acked = false;
    const waiting = exporter.acknowledged(first).then(() => (acked = true));
    await Promise.resolve();
    expect(acked).toBe(false);
    expect(exporter.stats.processed).toBe(0);
    for (const open of gates) open();
    await waiting;
    await exporter.acknowledged(second);
    expect(exporter.stats.processed).toBe(3);
  });

  it('deferAcks and originals survive a wrapper that exports a shallow copy of the batch', async () => {
    let release: () => void = () => undefined;
    const output = new FakeOutput();
    output.publishProcessed = () => new Promise<void>((resolve) => (release = resolve));
    const exporter = new KafkaExporter(output, { deferAcks: true });
    const batch = emptyBatch([makeRecord(0)]);
    batch.deadLetters.push({ stage: 'decode', reason: 'message value is not UTF-8 text', source: 'kafka:logs-raw/1:42', sample: '' });
    exporter.attachOriginals(batch, new Map([['kafka:logs-raw/1:42', raw]]));
    await exporter.export({ ...batch, anomalies: [] });
    expect(output.letters[0]?.message).toBe(raw);
    let acked = false;
    const waiting = exporter.acknowledged(batch).then(() => (acked = true));
    await Promise.resolve();
    expect(acked).toBe(false);
    release();
    await waiting;
    expect(acked).toBe(true);
  });

  it('deferAcks: a broker failure reaches acknowledged() as a retriable publish error', async () => {
    const output = new FakeOutput();
    output.failWith = new Error('Connection error: ECONNREFUSED');
    const exporter = new KafkaExporter(output, { deferAcks: true });
    const batch = emptyBatch([makeRecord(0)]);
    await exporter.export(batch);
    const error: unknown = await exporter.acknowledged(batch).catch((e: unknown) => e);
    expect(isRetriable(error)).toBe(true);
    expect(error).toMatchObject({ stage: 'publish' });
  });

  it('chunks: ranges cover every item once, an oversized item travels alone', () => {
    expect(chunks([10, 10, 10, 50, 10], 25)).toEqual([[0, 2], [2, 3], [3, 4], [4, 5]]);
    expect(chunks([], 25)).toEqual([]);
  });
});
