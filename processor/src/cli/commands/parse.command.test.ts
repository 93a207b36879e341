import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../templates/evaluation/csv-reader.js';
import { csvField, parseCommand } from './parse.command.js';

async function run(content: Buffer | string, ...args: string[]): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'ailog-parse-'));
  const input = join(dir, 'in.log');
  const output = join(dir, 'out.csv');
  writeFileSync(input, content);
  await parseCommand().parseAsync([input, '--output', output, ...args], { from: 'user' });
  return parseCsv(readFileSync(output, 'utf8'));
}

describe('ailog parse', () => {
  it('writes one row per line in order, empty lines included, with final templates', async () => {
    const rows = await run(
      'conn from 10.0.0.1 () ok\n\nconn from 10.0.0.2 (db1.example.com) ok\n',
      '--message-only',
    );
    expect(rows[0]).toEqual(['line', 'template_id', 'template']);
    expect(rows.slice(1)).toEqual([
      ['1', rows[3]?.[1], 'conn from <*> (<*>) ok'],
      ['2', '', ''],
      ['3', rows[3]?.[1], 'conn from <*> (<*>) ok'],
    ]);
  });

  it('takes the message from the Content field of a format string', async () => {
    const rows = await run(
      '2024-01-01 10:00:00 INFO app: Started job 1\n2024-01-01 10:00:01 INFO app: Started job 2\n',
      '--format',
      '<Date> <Time> <Level> <Component>: <Content>',
    );
    expect(rows[1]?.[2]).toBe('Started job <*>');
    expect(rows[2]?.[2]).toBe('Started job <*>');
  });

  it('strips headers automatically without --format or --message-only', async () => {
    const rows = await run('2024-01-01T10:00:00Z INFO Started job 1\n2024-01-01T10:00:05Z WARN Started job 2\n');
    expect(rows.slice(1).map((r) => r[2])).toEqual(['Started job <*>', 'Started job <*>']);
  });

  it('decodes invalid UTF-8 with replacement characters and quotes per RFC 4180', async () => {
    const rows = await run(Buffer.from([0xff, 0x20, 0x61, 0x2c, 0x22, 0x62, 0x22, 0x0a]), '--message-only');
    expect(rows[1]?.[2]).toBe('\uFFFD a,"b"');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
  });

  it('rejects --message-only together with --format', async () => {
    await expect(run('x\n', '--message-only', '--format', '<Content>')).rejects.toThrow(/mutually exclusive/);
  });
});
