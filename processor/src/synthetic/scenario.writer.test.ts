import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateScenario } from './scenario.generator.js';
import { writeScenario } from './scenario.writer.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('writeScenario', () => {
  it('writes every line and labels that round-trip through JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ailog-synth-'));
    dirs.push(dir);
    const scenario = generateScenario({ seed: 3, durationMinutes: 30, linesPerMinute: 300 });
    const files = await writeScenario(join(dir, 'nested'), scenario);
    const log = await readFile(files.log, 'utf8');
    expect(log.endsWith('\n')).toBe(true);
    expect(log.slice(0, -1).split('\n')).toEqual(scenario.lines);
    const meta = JSON.parse(await readFile(files.labels, 'utf8')) as { labels: unknown; lineCount: number; options: { seed: number; start: string } };
    expect(meta.labels).toEqual(scenario.labels);
    expect(meta.lineCount).toBe(scenario.lines.length);
    expect(meta.options).toMatchObject({ seed: 3, start: '2026-11-24T10:00:00.000Z' });
  });
});
