import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './pglite-lock.js';

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ailog-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second opener and frees the lock on release', async () => {
    const path = join(dir, 'pglite.lock');
    const release = await lockDataDir(path);
    expect(await readFile(path, 'utf8')).toBe(String(process.pid));
    await expect(lockDataDir(path)).rejects.toMatchObject({ code: 'CONFLICT' });
    await release();
    const again = await lockDataDir(path);
    await again();
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const path = join(dir, 'pglite.lock');
    await writeFile(path, '2147483646');
    const release = await lockDataDir(path);
    expect(await readFile(path, 'utf8')).toBe(String(process.pid));
    await release();
  });
});
