/**
 * Pipeline bench: lines/s from `logs-raw` on a real Kafka broker to committed PostgreSQL rows,
 * with one processor (in-process, per-stage times from `service.stats`) and with two processors
 * (child processes `ailog serve` in one group, stage times from their stop log line).
 *   npm run bench:pipeline -- [--lines 200000] [--instances 1,2] [--per-send 2000] [--batch-size <AILOG_BATCH_SIZE>] [--preload]
 *     [--without-fts-index] [--no-publish-processed]
 * `--preload` produces every line before the processor starts (the clock starts once it has joined):
 * the processor alone, and the in-process CPU figure (µs per line) then excludes the producer.
 * Starts (or reuses) the broker (`scripts/kafka.sh up`) and a throwaway PostgreSQL cluster
 * (`scripts/postgres.sh up`); each run gets a fresh database and unique topics and group.
 * The clock runs from the first produce call until the group has committed every offset (the
 * processor commits only after the database commit), then `count(*) from logs` must be N; producing
 * overlaps processing as it does in production. CPU µs per line per component (processor,
 * PostgreSQL, broker; Linux /proc, the local clusters the scripts start) cover the same window.
 * `--without-fts-index` drops the GIN full-text index of `logs` (search by text then scans): a
 * measurement of that index's share, not a configuration ailog offers. `--no-publish-processed` runs
 * the processors with KAFKA_PUBLISH_PROCESSED=false (a setting ailog does offer).
 * Writes bench-results/pipeline.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config.js';
import { silentLogger } from '../src/domain/logger.js';
import { createKafkaClient, ensureTopics, type KafkaConfig } from '../src/kafka/index.js';
import { createEmbeddingProvider } from '../src/runtime/build-pipeline.js';
import { ProcessorService, processorServiceConfigSchema } from '../src/service/index.js';
import { openTestDatabase, type TestDatabase } from '../src/storage/testing/test-database.js';
import { mixedLines } from './mixed-lines.js';
import { allCommitted, kafkaFor, produce, ROOT, script, serverMeters } from './kafka-bench-kit.js';
import { CpuMeter, processCpuMs } from './process-cpu.js';

const EMBEDDING_CACHE = join(ROOT, '.cache', 'embeddings');

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '200000' },
    instances: { type: 'string', default: '1,2' },
    'per-send': { type: 'string', default: '2000' },
    /** AILOG_BATCH_SIZE for the processors; default: the config default. */
    'batch-size': { type: 'string' },
    preload: { type: 'boolean', default: false },
    /** Drops the `logs` full-text index after migrating: what that index costs PostgreSQL per line. */
    'without-fts-index': { type: 'boolean', default: false },
    /** KAFKA_PUBLISH_PROCESSED=false for the processors: nothing on `logs-processed`. */
    'no-publish-processed': { type: 'boolean', default: false },
  },
});
const N = Number(values.lines);
const PER_SEND = Number(values['per-send']);
const INSTANCES = values.instances.split(',').map(Number);
/** Settings for the processors, in-process or `ailog serve` children alike. */
const SERVICE_ENV: Record<string, string> = {
  ...(values['batch-size'] === undefined ? {} : { AILOG_BATCH_SIZE: values['batch-size'] }),
  ...(values['no-publish-processed'] ? { KAFKA_PUBLISH_PROCESSED: 'false' } : {}),
};

interface RunResult {
  instances: number;
  lines: number;
  seconds: number;
  linesPerSecond: number;
  produceSeconds: number;
  /**
   * CPU µs per line in the measured window: the processor(s) (in-process: the whole bench process,
   * so the producer too unless preloaded), PostgreSQL (postmaster and backends), the broker, and
   * their sum; null where not readable.
   */
  cpu: CpuPerLine;
  loadBefore: number[];
  loadAfter: number[];
  stageMillis: Record<string, number>[];
  recordsPerInstance: number[];
}

interface CpuPerLine {
  processor: number | null;
  postgres: number | null;
  broker: number | null;
  total: number | null;
}

/** After the clock: every committed line is a row, exactly once. */
async function checkRows(db: TestDatabase, n: number): Promise<void> {
  const [row] = await db.db.knex('logs').count({ count: '*' });
  if (Number(row?.count) !== n) throw new Error(`${n} offsets committed but ${Number(row?.count)} rows in logs`);
}

/** A fresh migrated database, without the full-text index when asked. */
async function benchDatabase(serverUrl: string): Promise<TestDatabase> {
  const db = await openTestDatabase('postgres', serverUrl);
  if (values['without-fts-index']) await db.db.knex.raw('drop index logs_message_fts_index');
  return db;
}

function perLine(processorMs: number | null, servers: { postgres: CpuMeter; broker: CpuMeter }, lines: number): CpuPerLine {
  const us = (ms: number | null): number | null => (ms === null ? null : Math.round((ms * 1000) / lines));
  const cpu = { processor: us(processorMs), postgres: us(servers.postgres.elapsedMs()), broker: us(servers.broker.elapsedMs()) };
  const parts = [cpu.processor, cpu.postgres, cpu.broker];
  return { ...cpu, total: parts.every((p) => p !== null) ? parts.reduce((a, b) => (a ?? 0) + (b ?? 0), 0) : null };
}

/** A child `ailog serve`; resolves its stop-line stats (stageMillis, records) after SIGTERM. */
function spawnServe(kafka: KafkaConfig, databaseUrl: string): { child: ChildProcess; ready: Promise<void>; stopped: Promise<Record<string, unknown>> } {
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    KAFKA_BOOTSTRAP_SERVERS: kafka.brokers.join(','),
    KAFKA_GROUP_ID: kafka.groupId,
    KAFKA_TOPIC_RAW: kafka.topics.raw,
    KAFKA_TOPIC_PROCESSED: kafka.topics.processed,
    KAFKA_TOPIC_ANOMALIES: kafka.topics.anomalies,
    KAFKA_TOPIC_DLQ: kafka.topics.dlq,
    AILOG_EMBEDDING_CACHE_DIR: EMBEDDING_CACHE,
    LOG_LEVEL: 'info',
    // `ailog serve` also hosts the api and a metrics endpoint: ephemeral ports, so two instances (and
    // whatever else runs on this machine) do not collide.
    API_PORT: '0',
    METRICS_PORT: '0',
    ...SERVICE_ENV,
  };
  const child = spawn(process.execPath, [join(ROOT, 'processor', 'bin', 'ailog.js'), 'serve'], { env, cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let buffered = '';
  let markReady!: () => void;
  let failReady!: (error: Error) => void;
  let stats: Record<string, unknown> = {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  // A process that dies before it consumes fails the run at once instead of at the timeout.
  child.once('exit', (code, signal) => failReady(new Error(`ailog serve exited before consuming (code ${code}, signal ${signal})`)));
  child.stderr?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.includes('processor service consuming')) markReady();
      if (line.includes('processor service stopped')) stats = JSON.parse(line) as Record<string, unknown>;
    }
  });
  const stopped = new Promise<Record<string, unknown>>((resolve) => child.once('exit', () => resolve(stats)));
  return { child, ready, stopped };
}

async function benchOne(brokers: string, serverUrl: string, lines: readonly string[]): Promise<RunResult> {
  const kafka = kafkaFor(brokers);
  const client = createKafkaClient(kafka, silentLogger);
  const admin = client.admin();
  await admin.connect();
  await ensureTopics(admin, kafka);
  const db = await benchDatabase(serverUrl);
  const loadBefore = loadavg().map((l) => Math.round(l * 100) / 100);
  const config = parseConfig({ LOG_LEVEL: 'silent', AILOG_EMBEDDING_CACHE_DIR: EMBEDDING_CACHE, ...SERVICE_ENV });
  const service = await ProcessorService.create({
    config,
    kafka,
    logger: silentLogger,
    service: processorServiceConfigSchema.parse({}),
    db: db.db,
    embeddingProvider: createEmbeddingProvider(config, silentLogger),
  });
  try {
    const preloaded = values.preload ? await produce(client, lines, PER_SEND) : null;
    await service.start();
    const cpuStart = process.cpuUsage();
    const servers = serverMeters();
    const start = performance.now();
    const producing = preloaded === null ? produce(client, lines, PER_SEND) : Promise.resolve(preloaded);
    await allCommitted(admin, kafka, lines.length, 900_000);
    const seconds = (performance.now() - start) / 1000;
    const own = process.cpuUsage(cpuStart);
    const cpu = perLine((own.user + own.system) / 1000, servers, lines.length);
    await checkRows(db, lines.length);
    const produceSeconds = await producing;
    await service.shutdown();
    return result(1, lines.length, seconds, produceSeconds, loadBefore, [service.stats.stageMillis], [service.stats.records], cpu);
  } finally {
    await service.shutdown();
    await admin.deleteTopics({ topics: Object.values(kafka.topics) }).catch(() => undefined);
    await admin.disconnect();
    await db.cleanup();
  }
}

async function benchTwo(brokers: string, serverUrl: string, lines: readonly string[]): Promise<RunResult> {
  const kafka = kafkaFor(brokers);
  const client = createKafkaClient(kafka, silentLogger);
  const admin = client.admin();
  await admin.connect();
  await ensureTopics(admin, kafka);
  const db = await benchDatabase(serverUrl);
  const loadBefore = loadavg().map((l) => Math.round(l * 100) / 100);
  const children = [spawnServe(kafka, db.db.config.databaseUrl ?? ''), spawnServe(kafka, db.db.config.databaseUrl ?? '')];
  try {
    await Promise.all(children.map((c) => c.ready));
    // Let the group settle on 2 members so the clock does not include the join rebalance.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const readChildren = (): number | null => {
      const times = children.map((c) => (c.child.pid === undefined ? null : processCpuMs(c.child.pid)));
      return times.every((t) => t !== null) ? times.reduce((a, b) => (a ?? 0) + (b ?? 0), 0) : null;
    };
    const processors = new CpuMeter(readChildren);
    const servers = serverMeters();
    const start = performance.now();
    const producing = produce(client, lines, PER_SEND);
    await allCommitted(admin, kafka, lines.length, 900_000);
    const seconds = (performance.now() - start) / 1000;
    const cpu = perLine(processors.elapsedMs(), servers, lines.length);
    await checkRows(db, lines.length);
    const produceSeconds = await producing;
    for (const c of children) c.child.kill('SIGTERM');
    const stats = await Promise.all(children.map((c) => c.stopped));
    const stage = stats.map((s) => (s.stageMillis ?? {}) as Record<string, number>);
    return result(2, lines.length, seconds, produceSeconds, loadBefore, stage, stats.map((s) => Number(s.records ?? 0)), cpu);
  } finally {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    await admin.deleteTopics({ topics: Object.values(kafka.topics) }).catch(() => undefined);
    await admin.disconnect();
    await db.cleanup();
  }
}

function result(instances: number, lines: number, seconds: number, produceSeconds: number, loadBefore: number[], stageMillis: Record<string, number>[], recordsPerInstance: number[], cpu: CpuPerLine): RunResult {
  const rounded = stageMillis.map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Math.round(v)])));
  return {
    instances,
    lines,
    seconds: Math.round(seconds * 100) / 100,
    linesPerSecond: Math.round(lines / seconds),
    produceSeconds: Math.round(produceSeconds * 100) / 100,
    cpu,
    loadBefore,
    loadAfter: loadavg().map((l) => Math.round(l * 100) / 100),
    stageMillis: rounded,
    recordsPerInstance,
  };
}

function print(results: readonly RunResult[]): void {
  console.log(`\npipeline bench: ${N} lines, logs-raw → committed PostgreSQL rows (node ${process.version})`);
  if (values['without-fts-index']) console.log('logs full-text index dropped (measurement only)');
  if (values['no-publish-processed']) console.log('KAFKA_PUBLISH_PROCESSED=false: nothing published to logs-processed');
  console.log(`clock: ${values.preload ? 'processor start (lines preloaded)' : 'first produce'} → every offset committed (and count(*) = N)`);
  console.log(`CPU µs/line: processor${values.preload ? '' : ' (one instance: incl. the in-process producer)'} + PostgreSQL + broker = total; ceiling = 2 cores / total`);
  console.log('instances | seconds | lines/s | produce s | CPU µs/line proc + pg + broker = total | ceiling lines/s | load 1m before→after | records per instance');
  const show = (v: number | null): string => (v === null ? '-' : String(v));
  for (const r of results) {
    const cpu = `${show(r.cpu.processor)} + ${show(r.cpu.postgres)} + ${show(r.cpu.broker)} = ${show(r.cpu.total)}`;
    const ceiling = r.cpu.total ? String(Math.round(2e6 / r.cpu.total)) : '-';
    console.log(`${String(r.instances).padEnd(9)} | ${String(r.seconds).padStart(7)} | ${String(r.linesPerSecond).padStart(7)} | ${String(r.produceSeconds).padStart(9)} | ${cpu.padStart(38)} | ${ceiling.padStart(15)} | ${`${r.loadBefore[0]}→${r.loadAfter[0]}`.padEnd(20)} | ${r.recordsPerInstance.join(', ')}`);
  }
  for (const r of results) {
    r.stageMillis.forEach((stages, i) => {
      const parts = Object.entries(stages).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`);
      console.log(`stage ms (${r.instances} instance(s), #${i + 1}): ${parts.join(', ')}`);
    });
  }
}

async function main(): Promise<void> {
  const brokers = await script('kafka.sh');
  const serverUrl = await script('postgres.sh');
  const lines = mixedLines(N);
  const results: RunResult[] = [];
  for (const instances of INSTANCES) {
    results.push(instances === 2 ? await benchTwo(brokers, serverUrl, lines) : await benchOne(brokers, serverUrl, lines));
  }
  print(results);
  await mkdir(join(ROOT, 'bench-results'), { recursive: true });
  await writeFile(join(ROOT, 'bench-results', 'pipeline.json'), `${JSON.stringify({ lines: N, perSend: PER_SEND, preload: values.preload, withoutFtsIndex: values['without-fts-index'], publishProcessed: !values['no-publish-processed'], batchSize: values['batch-size'] ?? 'default', at: new Date().toISOString(), results }, null, 2)}\n`);
}

await main();
