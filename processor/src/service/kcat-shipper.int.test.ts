import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { serviceTestContext, type ServiceTestContext } from './service-test-kit.js';

const run = promisify(execFile);
const brokers = inject('kafkaBrokers');
const databaseUrl = inject('databaseUrl');

async function onPath(tool: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${tool}`]);
    return true;
  } catch {
    return false;
  }
}
const hasKcat = await onPath('kcat');

let ctx: ServiceTestContext | undefined;
let dir: string | undefined;
afterEach(async () => {
  await ctx?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
  ctx = undefined;
});

const BASE = Date.UTC(2026, 4, 1, 8, 0, 0);

/** 300 steady lines over 50 minutes, then 4 lines of an error template never seen before. */
function logFile(): { text: string; lines: number; errors: number } {
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) {
    const at = new Date(BASE + i * 10_000).toISOString();
    lines.push(i % 2 === 0 ? `${at} INFO api request GET /orders/${i} completed in ${5 + (i % 9)} ms` : `${at} INFO scheduler tick ${i} queued ${i % 4} jobs`);
  }
  for (let i = 0; i < 4; i++) {
    lines.push(`${new Date(BASE + (300 + i) * 10_000).toISOString()} ERROR disk /var/lib/data on node-${i} is full: write failed with ENOSPC`);
  }
  return { text: `${lines.join('\n')}\n`, lines: lines.length, errors: 4 };
}

const TITLE = 'kcat ships a log file into logs-raw: exact rows in PostgreSQL, the new error on the anomalies topic';

describe('end to end with a real shipper', () => {
  it.skipIf(!hasKcat)(hasKcat ? TITLE : `${TITLE} — SKIPPED: kcat is not on PATH (apt-get install kcat)`, async () => {
    ctx = await serviceTestContext(brokers, databaseUrl);
    const c = ctx;
    dir = await mkdtemp(join(tmpdir(), 'ailog-kcat-'));
    const file = join(dir, 'app.log');
    const { text, lines } = logFile();
    await writeFile(file, text);
    // -l: one message per line, as a line-oriented shipper does. -p 0: one file stays in order on
    // one partition (as a shipper keyed by host/file does); spread over partitions, the detector
    // would see the baseline and the new error interleaved in whatever order the fetches come.
    await run('kcat', ['-P', '-b', brokers, '-t', c.client.config.topics.raw, '-p', '0', '-l', file]);
    const service = await c.service();
    await service.start();
    await c.drained(lines, service);
    expect(await c.count('logs')).toBe(lines);
    expect(await c.count('dead_letters')).toBe(0);
    const [row] = await c.db.knex('logs').where('message', 'like', '%ENOSPC%').distinct('template_id');
    const errorTemplate = (row as { template_id?: string } | undefined)?.template_id;
    expect(errorTemplate).toEqual(expect.any(String));
    const anomalies = (await c.read(c.client.config.topics.anomalies, 1)).map((m) => JSON.parse(m.value?.toString('utf8') ?? 'null') as { templateId: string | null });
    expect(anomalies.map((a) => a.templateId)).toContain(errorTemplate);
    expect(await c.count('logs', { template_id: errorTemplate, is_anomaly: true })).toBeGreaterThan(0);
    await service.shutdown();
  }, 60_000);
});
