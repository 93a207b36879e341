import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamIdentity } from './stream-identity.js';

describe('streamIdentity', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ailog-stream-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names a file the same under any spelling of its path, and a rewritten file differently', async () => {
    const file = join(dir, 'app.log');
    await writeFile(file, 'line one\nline two\n');
    const a = await streamIdentity(file);
    const b = await streamIdentity(relative(process.cwd(), file));
    expect(b).toBe(a);
    expect(a).toMatch(/app\.log#[0-9a-f]{12}$/);
    await writeFile(file, 'rotated: a new first line\n');
    expect(await streamIdentity(file)).not.toBe(a);
  });

  it('gives each stdin run its own stream unless one is named', async () => {
    const [one, two] = [await streamIdentity('-'), await streamIdentity('-')];
    expect(one).not.toBe(two);
    expect(await streamIdentity('-', 'nightly-import')).toBe('nightly-import');
  });
});
