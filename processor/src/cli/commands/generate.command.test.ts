import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { generateCommand } from './generate.command.js';

const dirs: string[] = [];
afterAll(async () => {
  vi.restoreAllMocks();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('ailog generate', () => {
  it('writes scenario.log and labels.json with the requested seed, length and kinds', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ailog-gen-'));
    dirs.push(out);
    const print = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await generateCommand().parseAsync(['--out', out, '--seed', '9', '--minutes', '20', '--rate', '200', '--incidents', 'new_error,rate_spike', '--no-decoys'], { from: 'user' });
    const meta = JSON.parse(await readFile(join(out, 'labels.json'), 'utf8')) as { options: { seed: number; durationMinutes: number }; labels: Array<{ kind: string }>; decoys: unknown[] };
    expect(meta.options).toMatchObject({ seed: 9, durationMinutes: 20 });
    expect(meta.labels.map((l) => l.kind)).toEqual(['new_error', 'rate_spike']);
    expect(meta.decoys).toEqual([]);
    const lines = (await readFile(join(out, 'scenario.log'), 'utf8')).trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(20 * 200 * 0.6);
    expect(print.mock.calls[0]?.[0]).toContain(`${lines.length} lines`);
  });

  it('rejects an unknown incident kind before generating anything', async () => {
    const cmd = generateCommand().exitOverride().configureOutput({ writeErr: () => undefined });
    await expect(cmd.parseAsync(['--out', '/tmp/never', '--incidents', 'meteor_strike'], { from: 'user' })).rejects.toThrow(/unknown incident kind/);
  });
});
