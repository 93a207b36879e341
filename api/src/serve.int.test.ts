import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, silentLogger } from '@ailog/processor';
import { loadApiHost } from '@ailog/processor/service/api-host';
import { runServe, type ServeReadyInfo } from '@ailog/processor/service/serve-runner';
import { issueSessionKey } from '@ailog/processor/service/session-key';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `ailog serve` on the embedded default, as the CLI runs it: the pipeline tails a file into
 * PGlite while the api, loaded at run time by module name, serves the same database.
 */
const dir = await mkdtemp(join(tmpdir(), 'ailog-serve-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('runServe (embedded, role all)', () => {
  it('loads the api through the workspace by module name', async () => {
    expect(typeof (await loadApiHost()).startHostedApi).toBe('function');
  });

  it('tails --follow into the store, serves it over HTTP, and stops gracefully on the signal', async () => {
    const log = join(dir, 'app.log');
    await writeFile(log, '2026-01-01T00:00:00Z INFO web: user 1 logged in\n2026-01-01T00:00:01Z INFO web: user 2 logged in\n');
    const config = parseConfig({ AILOG_DATA_DIR: join(dir, 'data'), API_PORT: '0' });
    const stop = new AbortController();
    let ready: ServeReadyInfo | undefined;
    let key = '';
    const served = runServe(config, silentLogger, {
      role: 'all',
      follow: log,
      signal: stop.signal,
      onReady: async (info) => {
        key = (await issueSessionKey(info.db, { name: 'test', ifNoneExists: true }))?.key ?? '';
        ready = info;
      },
    });
    const info = await waitFor(() => Promise.resolve(ready), 'the server');
    expect(info.database).toBe('pglite');
    expect(key).toMatch(/^ailog_/);

    const logCount = async (): Promise<number | undefined> => {
      const res = await fetch(`${info.apiUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key, Connection: 'close' },
        body: JSON.stringify({ query: '{ stats { logs } }' }),
      });
      return ((await res.json()) as { data: { stats: { logs: number } } }).data.stats.logs;
    };
    await waitFor(async () => ((await logCount()) === 2 ? true : undefined), 'the first two lines');
    await appendFile(log, '2026-01-01T00:00:02Z ERROR web: disk full on /dev/sda1\n');
    await waitFor(async () => ((await logCount()) === 3 ? true : undefined), 'the appended line');
    // A second key is refused while one exists, unless asked for explicitly.
    expect(await issueSessionKey(info.db, { name: 'again', ifNoneExists: true })).toBeNull();

    stop.abort();
    expect(await served).toBe(0);
    await expect(fetch(`${info.apiUrl}/health`)).rejects.toThrow();
  }, 180_000);
});
