import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { serviceTestContext, type ServiceTestContext } from './service-test-kit.js';

const brokers = inject('kafkaBrokers');
const databaseUrl = inject('databaseUrl');
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../bin/ailog.js', import.meta.url));

let ctx: ServiceTestContext | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await ctx?.cleanup();
  ctx = undefined;
});

const BASE = Date.UTC(2026, 5, 1, 9, 0, 0);

function line(i: number): string {
  const at = new Date(BASE + i * 100).toISOString();
  if (i % 3 === 0) return `${at} INFO api request GET /orders/${i} completed in ${5 + (i % 9)} ms`;
  if (i % 3 === 1) return `${at} WARN scheduler tick ${i} queued ${i % 4} jobs for user${i % 50}@example.com`;
  return `${at} DEBUG cache hit ratio ${(i % 10) / 10} for region eu-west-${i % 3}`;
}

interface Serve {
  readonly child: ChildProcess;
  /** Resolves once the service joined the group and consumes. */
  readonly ready: Promise<void>;
  /** The `processor service stopped` log line (after SIGTERM), parsed. */
  readonly stopped: Promise<Record<string, unknown>>;
}

/** `ailog serve` as a separate OS process, configured through the environment like production. */
function serve(c: ServiceTestContext): Serve {
  const { topics, groupId } = c.client.config;
  const env = {
    ...process.env,
    DATABASE_URL: c.db.config.databaseUrl,
    KAFKA_BOOTSTRAP_SERVERS: brokers,
    KAFKA_GROUP_ID: groupId,
    KAFKA_TOPIC_RAW: topics.raw,
    KAFKA_TOPIC_PROCESSED: topics.processed,
    KAFKA_TOPIC_ANOMALIES: topics.anomalies,
    KAFKA_TOPIC_DLQ: topics.dlq,
    AILOG_EMBEDDING_CACHE_DIR: c.config.embeddings.cacheDir,
    // The replacement waits for the killed member's session to expire; keep that short here.
    KAFKA_SESSION_TIMEOUT_MS: '8000',
    LOG_LEVEL: 'info',
  };
  const child = spawn(process.execPath, [CLI, 'serve'], { env, cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let pending = '';
  let stats: Record<string, unknown> = {};
  let markReady!: () => void;
  let failReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  // A process that dies before it consumes fails the run at once instead of at the timeout.
  child.once('exit', (code, signal) => failReady(new Error(`ailog serve exited before consuming (code ${code}, signal ${signal})`)));
  child.stderr?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const text of lines) {
      if (text.includes('processor service consuming')) markReady();
      if (text.includes('processor service stopped')) stats = JSON.parse(text) as Record<string, unknown>;
    }
  });
  // Not every caller awaits `ready` (the killed process): keep its rejection from being unhandled.
  ready.catch(() => undefined);
  const stopped = new Promise<Record<string, unknown>>((resolve) => child.once('exit', () => resolve(stats)));
  return { child, ready, stopped };
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('kill -9 of a processor process mid-stream (real broker, real PostgreSQL)', () => {
  it('a restarted process resumes from the last commit: 0 lines lost, 0 duplicated', async () => {
    ctx = await serviceTestContext(brokers, databaseUrl);
    const c = ctx;
    const N = 30_000;
    await c.produce(Array.from({ length: N }, (_, i) => ({ value: line(i) })), 2000);

    const first = serve(c);
    await until('the first rows', 40_000, async () => (await c.count('logs')) >= 1000);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const atKill = await c.count('logs');
    const committedAtKill = await c.committed();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(N);
    // Rows stored past the last committed offset are replayed by the next process and must be skipped.
    expect(committedAtKill).toBeLessThanOrEqual(atKill);

    // Same group: the new member waits for the dead one's session (30 s default) to expire.
    const second = serve(c);
    await second.ready;
    await until(`${N} committed offsets`, 70_000, async () => (await c.committed()) >= N);
    second.child.kill('SIGTERM');
    const stats = await second.stopped;
    expect(second.child.exitCode).toBe(0);

    expect(await c.count('logs')).toBe(N);
    const [distinct] = await c.db.knex('logs').countDistinct({ n: 'idempotency_key' });
    expect(Number(distinct?.n)).toBe(N);
    expect(await c.count('dead_letters')).toBe(0);
    // The second process re-read everything after the last commit, including rows already stored.
    expect(Number(stats.records)).toBe(N - committedAtKill);
  }, 120_000);
});
