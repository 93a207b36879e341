import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { followFile, untilAborted } from './file-follower.js';

const dir = await mkdtemp(join(tmpdir(), 'ailog-follow-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Collects the stream into text while `steps` run, then aborts. */
async function follow(path: string, steps: (seen: () => string) => Promise<void>): Promise<string> {
  const stop = new AbortController();
  let text = '';
  const reading = (async () => {
    for await (const chunk of followFile(path, { signal: stop.signal, pollMs: 10, chunkBytes: 8 })) text += chunk.toString();
  })();
  await steps(() => text);
  stop.abort();
  await reading;
  return text;
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('followFile', () => {
  it('reads the file, then what is appended, until aborted', async () => {
    const path = join(dir, 'a.log');
    await writeFile(path, 'first line\n');
    const text = await follow(path, async (seen) => {
      await until(() => seen() === 'first line\n');
      await appendFile(path, 'second line\n');
      await until(() => seen().endsWith('second line\n'));
    });
    expect(text).toBe('first line\nsecond line\n');
  });

  it('waits for a missing file and restarts at 0 after a truncation', async () => {
    const path = join(dir, 'b.log');
    const text = await follow(path, async (seen) => {
      await new Promise((r) => setTimeout(r, 30));
      await writeFile(path, 'old content here\n');
      await until(() => seen() === 'old content here\n');
      await writeFile(path, 'new\n');
      await until(() => seen().endsWith('new\n'));
    });
    expect(text).toBe('old content here\nnew\n');
  });
});

describe('untilAborted', () => {
  it('ends a source that never ends when the signal aborts, keeping what was read', async () => {
    async function* forever(): AsyncGenerator<number> {
      yield 1;
      yield 2;
      await new Promise(() => undefined);
    }
    const stop = new AbortController();
    const got: number[] = [];
    for await (const n of untilAborted(forever(), stop.signal)) {
      got.push(n);
      if (n === 2) setTimeout(() => stop.abort(), 10);
    }
    expect(got).toEqual([1, 2]);
  });
});
