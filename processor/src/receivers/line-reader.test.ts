import { describe, expect, it } from 'vitest';
import { classifyLine, readLineBatches, type PhysicalLine } from './line-reader.js';

async function readAll(chunks: Array<Buffer | string>, maxLineBytes = 64): Promise<PhysicalLine[]> {
  const out: PhysicalLine[] = [];
  async function* source(): AsyncGenerator<Buffer | string> {
    for (const chunk of chunks) yield await Promise.resolve(chunk);
  }
  for await (const batch of readLineBatches(source(), { maxLineBytes, sampleBytes: 8 })) out.push(...batch);
  return out;
}

describe('readLineBatches', () => {
  it('numbers lines across chunk boundaries, handles CRLF and a missing final newline', async () => {
    const lines = await readAll(['alpha\r\nbe', 'ta\n\ngam', 'ma']);
    expect(lines).toEqual([
      { kind: 'text', lineNo: 1, text: 'alpha', invalidUtf8: false },
      { kind: 'text', lineNo: 2, text: 'beta', invalidUtf8: false },
      { kind: 'empty', lineNo: 3 },
      { kind: 'text', lineNo: 4, text: 'gamma', invalidUtf8: false },
    ]);
  });

  it('reports an oversize line spread over many chunks without buffering it', async () => {
    const big = Array.from({ length: 10 }, () => 'x'.repeat(50));
    const lines = await readAll(['ok\n', ...big, '\nafter\n']);
    expect(lines.map((l) => l.kind)).toEqual(['text', 'oversize', 'text']);
    expect(lines[1]).toEqual({ kind: 'oversize', lineNo: 2, bytes: 500, sample: 'xxxxxxxx' });
    expect(lines[2]).toMatchObject({ lineNo: 3, text: 'after' });
  });

  it('reports an oversize last line without a newline', async () => {
    const lines = await readAll(['y'.repeat(100)]);
    expect(lines).toEqual([{ kind: 'oversize', lineNo: 1, bytes: 100, sample: 'yyyyyyyy' }]);
  });

  it('drops a byte-order mark on the first line only', async () => {
    const lines = await readAll([Buffer.from('\ufeff{"a":1}\n\ufeffx\n')]);
    expect(lines.map((l) => (l.kind === 'text' ? l.text : l.kind))).toEqual(['{"a":1}', '\ufeffx']);
  });

  it('keeps a UTF-8 character split across chunks intact', async () => {
    const bytes = Buffer.from('héllo\n');
    const lines = await readAll([bytes.subarray(0, 2), bytes.subarray(2)]);
    expect(lines).toEqual([{ kind: 'text', lineNo: 1, text: 'héllo', invalidUtf8: false }]);
  });
});

describe('classifyLine', () => {
  it('flags invalid UTF-8 but keeps the text', () => {
    const line = classifyLine(Buffer.from([0x61, 0xff, 0x62]), 7);
    expect(line).toEqual({ kind: 'text', lineNo: 7, text: 'a\ufffdb', invalidUtf8: true });
    const latin1 = classifyLine(Buffer.from('caf\xe9 ouvert', 'latin1'), 8);
    expect(latin1).toEqual({ kind: 'text', lineNo: 8, text: 'caf\ufffd ouvert', invalidUtf8: true });
  });

  it('calls NUL bytes and control-heavy lines binary with an escaped sample', () => {
    const nul = classifyLine(Buffer.from([0x61, 0x00, 0x62]), 1);
    expect(nul).toMatchObject({ kind: 'binary', reason: 'binary data (NUL bytes)', sample: 'a\\x00b' });
    const ctl = classifyLine(Buffer.from([0x01, 0x02, 0x03, 0xfe, 0x41]), 2);
    expect(ctl.kind).toBe('binary');
  });

  it('treats whitespace-only lines as empty', () => {
    expect(classifyLine(Buffer.from(' \t '), 3)).toEqual({ kind: 'empty', lineNo: 3 });
  });
});
