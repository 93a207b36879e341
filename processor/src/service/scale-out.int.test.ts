import { afterEach, describe, expect, inject, it } from 'vitest';
import { waitFor } from '../kafka/kafka-test-kit.js';
import { TemplateRepository } from '../storage/index.js';
import { serviceTestContext, type ServiceTestContext } from './service-test-kit.js';

const brokers = inject('kafkaBrokers');
const databaseUrl = inject('databaseUrl');
let ctx: ServiceTestContext | undefined;
afterEach(async () => {
  await ctx?.cleanup();
  ctx = undefined;
});

const BASE = Date.UTC(2026, 2, 1, 10, 0, 0);
const SHAPES = ['returned 200', 'refreshed token', 'cache hit ratio'] as const;

function line(i: number): string {
  const at = new Date(BASE + i * 1000).toISOString();
  if (i % 3 === 0) return `${at} INFO GET /api/items/${i} returned 200 in ${10 + (i % 7)} ms`;
  if (i % 3 === 1) return `${at} INFO user session ${1000 + i} refreshed token`;
  return `${at} DEBUG cache hit ratio ${(i % 10) / 10} for region eu-west-${i % 3}`;
}

describe('two processor instances in one group (real broker, real PostgreSQL)', () => {
  it('share the 3 partitions through a rebalance: rows = messages, no duplicates, template ids agree', async () => {
    ctx = await serviceTestContext(brokers, databaseUrl);
    const c = ctx;
    const N = 3000;
    const small = { maxBytesPerPartition: 2048 };
    const a = await c.service(undefined, small);
    await a.start();
    const producing = c.produce(Array.from({ length: N }, (_, i) => ({ key: `k${i}`, value: line(i) })), 25);
    await waitFor(() => a.stats.consumer.commits >= 3, 'the first instance to commit');
    // The second instance joins mid-stream: the group rebalances while batches are in flight.
    const b = await c.service(undefined, small);
    await b.start();
    await producing;
    await c.drained(N, a, undefined, 50_000);

    expect(await c.count('logs')).toBe(N);
    const [distinct] = await c.db.knex('logs').countDistinct({ n: 'idempotency_key' });
    expect(Number(distinct?.n)).toBe(N);
    expect(a.stats.records).toBeGreaterThan(0);
    expect(b.stats.records).toBeGreaterThan(0);
    // At-least-once: a batch in flight during the rebalance may be processed twice, never stored twice.
    expect(a.stats.records + b.stats.records).toBeGreaterThanOrEqual(N);

    const templates = new TemplateRepository(c.db.knex);
    const rows = await c.db.knex('logs').distinct('template_id', 'message').select();
    const idsByShape = new Map<string, Set<string>>();
    for (const row of rows as { template_id: string; message: string }[]) {
      const shape = SHAPES.find((s) => row.message.includes(s)) ?? 'other';
      const id = await templates.resolveId(row.template_id);
      idsByShape.set(shape, (idsByShape.get(shape) ?? new Set()).add(id));
    }
    expect([...idsByShape.keys()].sort()).toEqual([...SHAPES].sort());
    for (const shape of SHAPES) expect(idsByShape.get(shape)?.size, shape).toBe(1);
    await Promise.all([a.shutdown(), b.shutdown()]);
  }, 60_000);
});
