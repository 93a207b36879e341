import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import type { LogRecord } from '../domain/log-record.js';
import type { DeadLetter } from '../pipeline/stage.js';
import { FileReceiver, readLogFile } from './file.receiver.js';
import { receiverConfigSchema } from './receiver-config.js';

const dir = mkdtempSync(join(tmpdir(), 'ailog-receivers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(receiver: FileReceiver): Promise<{ records: LogRecord[]; dead: DeadLetter[]; chunks: number }> {
  const records: LogRecord[] = [];
  const dead: DeadLetter[] = [];
  let chunks = 0;
  for await (const chunk of receiver.records()) {
    chunks++;
    records.push(...chunk.records);
    dead.push(...chunk.deadLetters);
  }
  return { records, dead, chunks };
}

describe('FileReceiver on bad input', () => {
  const path = join(dir, 'bad.log');
  const good = Array.from({ length: 50 }, (_, i) => `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}Z INFO [svc] good line ${i}`);
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from('2024-01-01T00:00:00Z INFO [svc] first\r\n'),
      Buffer.from([0x32, 0x30, 0x32, 0x34, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b, 0x0a]), // "2024 caf\xe9 ok"
      Buffer.from([0x00, 0x01, 0x02, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), // PNG-like header with NUL
      Buffer.from([0x1a, 0x8f, 0x03, 0x04, 0xfe, 0x07, 0x41, 0x0a]), // control bytes and invalid UTF-8, no NUL
      Buffer.from(`${'z'.repeat(10 * 1024 * 1024)}\n`),
      Buffer.from('\n   \n\t\n'),
      Buffer.from('{"msg": "broken json\n'),
      Buffer.from('{"msg":"fine json","level":"error"}\n'),
      Buffer.from(`${good.join('\n')}`), // no final newline
    ]),
  );

  it('reads every good line after the bad ones, with exact counts', async () => {
    const receiver = new FileReceiver(path, {});
    const { records } = await collect(receiver);
    // Line 1 first; line 2 invalid UTF-8; lines 3-4 binary (NUL, then \x1a); line 5 oversize;
    // lines 6-8 empty; line 9 broken JSON; line 10 JSON; lines 11-60 good.
    expect(receiver.stats).toEqual({
      linesRead: 60, events: 54, joinedLines: 0, emptySkipped: 3, invalidUtf8: 1, binary: 2,
      oversize: 1, jsonErrors: 1, formatMismatches: 0, deadLetters: 3,
    });
    expect(records.map((r) => r.source.position)).toEqual([1, 2, 9, 10, ...Array.from({ length: 50 }, (_, i) => 11 + i)]);
    expect(records.at(-1)?.message).toBe('good line 49');
    expect(records[0]).toMatchObject({ message: 'first', service: 'svc', severity: 'INFO' });
    expect(records[1]?.attributes.invalid_utf8).toBe(true);
    expect(records[2]?.attributes.json_error).toBeTypeOf('string');
    expect(records[2]?.message).toBe('{"msg": "broken json');
    expect(records[3]).toMatchObject({ message: 'fine json', severity: 'ERROR' });
  });

  it('dead-letters binary and oversize lines with reasons and short samples', async () => {
    const { dead } = await collect(new FileReceiver(path, {}));
    expect(dead.map((d) => d.source.replace(/#[0-9a-f]{12}:/, ':'))).toEqual([`file:${path}:3`, `file:${path}:4`, `file:${path}:5`]);
    expect(dead[0]?.reason).toBe('binary data (NUL bytes)');
    expect(dead[1]?.reason).toBe('binary data (mostly control or undecodable characters)');
    expect(dead[2]?.reason).toBe(`line exceeds 65536 bytes (got ${10 * 1024 * 1024})`);
    expect(dead[2]?.sample.length).toBeLessThanOrEqual(200);
    expect(dead.every((d) => d.stage === 'receive')).toBe(true);
  });
});

describe('FileReceiver joining and chunking', () => {
  it('joins a stack trace, keeps the first line position and newlines', async () => {
    const path = join(dir, 'trace.log');
    writeFileSync(path, ['2024-01-01 10:00:00 ERROR [api] failed', 'java.lang.RuntimeException: x', '\tat a.B.c(B.java:1)', '2024-01-01 10:00:01 INFO [api] ok', ''].join('\n'));
    const receiver = new FileReceiver(path, { service: 'fallback' });
    const { records } = await collect(receiver);
    expect(records).toHaveLength(2);
    expect(records[0]?.message).toBe('failed\njava.lang.RuntimeException: x\n\tat a.B.c(B.java:1)');
    expect(records[0]?.attributes.multiline_lines).toBe(3);
    expect(records[0]?.source).toMatchObject({ receiver: 'file', position: 1 });
    expect(records[0]?.source.stream.startsWith(`${path}#`)).toBe(true);
    expect(records[1]?.source.position).toBe(4);
    expect(receiver.stats.joinedLines).toBe(2);
  });

  it('auto-detects formats per event in a mixed file and never joins JSON lines', async () => {
    const path = join(dir, 'mixed.log');
    writeFileSync(path, [
      '{"msg":"json one","level":"info"}',
      '  {"msg":"indented json"}',
      'level=error msg="logfmt line" app=billing',
      '<11>1 2024-01-01T00:00:00Z h auth - - - syslog line',
      'Jan  2 03:04:05 host cron[12]: classic syslog',
      'TypeError: boom',
      '    at f (/app/x.js:1:2)',
      'plain words',
    ].join('\n'));
    const { records } = await collect(new FileReceiver(path, {}));
    expect(records.map((r) => [r.source.position, r.severity, r.service, r.message])).toEqual([
      [1, 'INFO', null, 'json one'],
      [2, 'UNKNOWN', null, 'indented json'],
      [3, 'ERROR', 'billing', 'logfmt line'],
      [4, 'ERROR', 'auth', 'syslog line'],
      [5, 'UNKNOWN', 'cron', 'classic syslog'],
      [6, 'UNKNOWN', null, 'TypeError: boom\n    at f (/app/x.js:1:2)'],
      [8, 'UNKNOWN', null, 'plain words'],
    ]);
  });

  it('emits chunks of batchSize and the same sources on a re-read', async () => {
    const path = join(dir, 'many.log');
    writeFileSync(path, Array.from({ length: 25 }, (_, i) => `line ${i}`).join('\n'));
    const config = receiverConfigSchema.parse({ batchSize: 10 });
    const first = await collect(new FileReceiver(path, { config }));
    const again = await collect(new FileReceiver(path, { config }));
    expect(first.chunks).toBe(3);
    expect(first.records.map((r) => r.source)).toEqual(again.records.map((r) => r.source));
  });

  it('uses a given format string and counts lines that do not match it', async () => {
    const path = join(dir, 'format.log');
    writeFileSync(path, '081109 203615 148 INFO dfs.DataNode: Receiving block\nnot matching\n');
    const config = receiverConfigSchema.parse({ format: '<Date> <Time> <Pid> <Level> <Component>: <Content>', multiline: { enabled: false } });
    const receiver = new FileReceiver(path, { config });
    const { records } = await collect(receiver);
    expect(records.map((r) => r.message)).toEqual(['Receiving block', 'not matching']);
    expect(records[0]?.attributes).toEqual({ pid: '148', component: 'dfs.DataNode' });
    expect(receiver.stats.formatMismatches).toBe(1);
  });

  it('flushes a pending event when streaming input goes quiet', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slow(): AsyncGenerator<string> {
      yield 'ERROR first\n  detail\n';
      await gate;
      yield 'INFO second\n';
    }
    const config = receiverConfigSchema.parse({ multiline: { flushAfterMs: 20 } });
    const it = new FileReceiver('-', { input: slow(), config }).records()[Symbol.asyncIterator]();
    const first = await it.next();
    const firstRecords: LogRecord[] = first.done === true ? [] : first.value.records;
    expect(firstRecords.map((r) => r.message)).toEqual(['first\n  detail']);
    expect(firstRecords[0]?.source).toEqual({ receiver: 'stdin', stream: 'stdin', position: 1 });
    release();
    const second = await it.next();
    const secondRecords: LogRecord[] = second.done === true ? [] : second.value.records;
    expect(secondRecords.map((r) => r.message)).toEqual(['second']);
    expect((await it.next()).done).toBe(true);
  });

  it('wraps a missing file in an AppError of stage receive', async () => {
    const run = async (): Promise<void> => {
      for await (const chunk of readLogFile(join(dir, 'nope.log'))) void chunk;
    };
    await expect(run()).rejects.toBeInstanceOf(AppError);
    await expect(run()).rejects.toMatchObject({ stage: 'receive', code: 'NOT_FOUND' });
  });
});
