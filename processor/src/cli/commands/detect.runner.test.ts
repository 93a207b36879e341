import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../domain/log-record.js';
import { CachedEmbedder, type EmbeddingProvider } from '../../embeddings/embedding-provider.js';
import { csvField } from './detect.command.js';
import { runDetection, type LineResult } from './detect.runner.js';

const provider: EmbeddingProvider = {
  name: 'fake', model: 'm', dimensions: 3,
  embed: (texts) => Promise.resolve(texts.map((t) => Float32Array.from([/fail|error/.test(t) ? 1 : 0, 1, t.length % 3]))),
};

function decode(line: string, lineNo: number): LogRecord {
  if (line.includes('\u0000')) throw new Error('binary garbage');
  return { timestamp: null, observedAt: new Date(0), service: null, severity: 'INFO', message: line, attributes: {}, traceId: null, spanId: null, source: { receiver: 'test', stream: 's', position: lineNo } };
}

describe('runDetection', () => {
  it('keeps one result per input line in order, splits compose prefixes and counts bad lines', async () => {
    const rows: LineResult[] = [];
    const lines = ['api  | user 1 logged in', 'bad\u0000line', 'api  | user 2 logged in', 'copy blk_1 blk_2'];
    const run = await runDetection(lines, { decode, embedder: new CachedEmbedder(provider), batchSize: 2, config: { groupBy: 'blk_\\d+' }, onLines: (r) => rows.push(...r) });
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4]);
    expect(rows[1]?.reasons).toEqual(['bad_input']);
    expect(run.badLines).toBe(1);
    expect(rows[0]?.templateId).toBe(rows[2]?.templateId);
    expect(run.sessions.map((s) => s.key)).toEqual(['blk_1', 'blk_2']);
  });
});

describe('csvField', () => {
  it('quotes per RFC 4180 only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });
});
