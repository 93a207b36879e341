import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serviceTestContext, type ServiceTestContext } from './service-test-kit.js';

const run = promisify(execFile);
const brokers = inject('kafkaBrokers');
const SCRIPT = fileURLToPath(new URL('../../../scripts/postgres.sh', import.meta.url));
// A dedicated cluster: the shared test server is used by other files in parallel and must stay up.
const PG_DIR = `/tmp/ailog-pg-restart-${process.pid}`;
const env = { ...process.env, AILOG_PG_DIR: PG_DIR };

let serverUrl = '';
let ctx: ServiceTestContext | undefined;

beforeAll(async () => {
  const { stdout } = await run('bash', [SCRIPT, 'up'], { env, timeout: 120_000 });
  serverUrl = stdout.trim().split('\n').pop() ?? '';
}, 120_000);

afterAll(async () => {
  await ctx?.cleanup().catch(() => undefined);
  await run('bash', [SCRIPT, 'down'], { env, timeout: 60_000 });
}, 60_000);

/** `pg_ctl <action>` as the cluster's owner (postgres.sh runs the server as `postgres` when we are root). */
async function pgCtl(action: 'stop' | 'start'): Promise<void> {
  const bin = (await run('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1'])).stdout.trim();
  const port = (await readFile(`${PG_DIR}/port`, 'utf8')).trim();
  // The same server options as scripts/postgres.sh, on the same port, so clients reconnect to it.
  const options = ['-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${PG_DIR} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`];
  const args = [`${bin}/pg_ctl`, '-D', `${PG_DIR}/data`, '-l', `${PG_DIR}/server.log`, '-m', 'fast', '-w', '-t', '60', ...(action === 'start' ? options : []), action];
  const asOwner = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', ...args]] as const : [args[0] ?? '', args.slice(1)] as const;
  await run(asOwner[0], [...asOwner[1]], { timeout: 90_000 });
}

const BASE = Date.UTC(2026, 6, 1, 9, 0, 0);

function line(i: number): string {
  const at = new Date(BASE + i * 100).toISOString();
  return i % 2 === 0 ? `${at} INFO api request GET /orders/${i} completed in ${5 + (i % 9)} ms` : `${at} INFO worker job ${i} finished in ${20 + (i % 30)} ms`;
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('PostgreSQL restarted mid-stream (dedicated cluster, real broker)', () => {
  it('the service backs off while the server is down and resumes: 0 lines lost, 0 duplicated', async () => {
    ctx = await serviceTestContext(brokers, serverUrl);
    const c = ctx;
    const N = 20_000;
    await c.produce(Array.from({ length: N }, (_, i) => ({ value: line(i) })), 2000);
    const service = await c.service(undefined, { maxBytesPerPartition: 65_536 });
    await service.start();
    await until('the first rows', 30_000, async () => (await c.count('logs')) >= 500);
    // Down until the service has met the outage (a bare restart can fall between two queries of a fast consumer).
    // The next database write can wait behind a slow broker acknowledgement (kafkajs' request timeout is
    // 30 s) when the whole suite shares one broker, hence the minute.
    await pgCtl('stop');
    await until('a retry while the server is down', 60_000, () => Promise.resolve(service.stats.consumer.retries > 0)).catch((error: unknown) => {
      throw new Error(`${String(error)}; stats ${JSON.stringify(service.stats)}`);
    });
    await pgCtl('start');
    const atRestart = await c.count('logs');
    expect(atRestart).toBeLessThan(N);

    await c.drained(N, service, undefined, 60_000);
    await service.shutdown();
    expect(service.stats.consumer.retries).toBeGreaterThan(0);
    expect(await c.count('logs')).toBe(N);
    const [distinct] = await c.db.knex('logs').countDistinct({ n: 'idempotency_key' });
    expect(Number(distinct?.n)).toBe(N);
    expect(await c.count('dead_letters')).toBe(0);
  }, 180_000);
});
