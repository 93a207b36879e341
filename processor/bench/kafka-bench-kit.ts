/**
 * Shared by the Kafka benches: the local servers the scripts start, fresh topic names, preloading
 * lines, completion by committed offsets, and CPU meters of the servers (Linux /proc).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { kafkaConfigSchema, type KafkaClient, type KafkaConfig } from '../src/kafka/index.js';
import { CpuMeter, pidFromFile, processCpuMs, processTreeCpuMs } from './process-cpu.js';

const run = promisify(execFile);
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `scripts/<name> up`: starts (or reuses) a local server and returns the address it prints last. */
export async function script(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { stdout } = await run('bash', [join(ROOT, 'scripts', name), 'up'], { env, timeout: 180_000 });
  return stdout.trim().split('\n').pop() ?? '';
}

/** Fresh topic names and group per run, so runs never see each other's data or offsets. */
export function kafkaFor(brokers: string): KafkaConfig {
  const p = `bench${randomUUID().slice(0, 8)}`;
  return kafkaConfigSchema.parse({
    brokers,
    clientId: p,
    groupId: `${p}-group`,
    topics: { raw: `${p}-logs-raw`, processed: `${p}-logs-processed`, anomalies: `${p}-anomalies`, dlq: `${p}-logs-dlq` },
  });
}

/** Produces `lines` to the raw topic, `perSend` per request; returns the seconds it took. */
export async function produce(client: KafkaClient, lines: readonly string[], perSend: number): Promise<number> {
  const producer = client.producer();
  await producer.connect();
  const start = performance.now();
  for (let i = 0; i < lines.length; i += perSend) {
    await producer.send({ topic: client.config.topics.raw, messages: lines.slice(i, i + perSend).map((value) => ({ value })) });
  }
  const seconds = (performance.now() - start) / 1000;
  await producer.disconnect();
  return seconds;
}

type Admin = ReturnType<KafkaClient['admin']>;

export /**
 * Waits until the group committed N offsets on the fresh raw topic. Polling the offsets costs the
 * broker next to nothing; polling `count(*)` every 100 ms cost PostgreSQL ~12 µs per line of a
 * 100k run (a growing sequential scan), charged to the pipeline.
 */
async function allCommitted(admin: Admin, kafka: KafkaConfig, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let committed = 0;
  while (committed < n) {
    if (Date.now() > deadline) throw new Error(`only ${committed} of ${n} offsets committed after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [topic] = await admin.fetchOffsets({ groupId: kafka.groupId, topics: [kafka.topics.raw] });
    committed = (topic?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  }
}

const PG_DIR = process.env.AILOG_PG_DIR ?? join(ROOT, '.cache', 'pg');
const KAFKA_DIR = process.env.AILOG_KAFKA_DIR ?? join(ROOT, '.cache', 'kafka');

export function serverMeters(): { postgres: CpuMeter; broker: CpuMeter } {
  const postmaster = pidFromFile(join(PG_DIR, 'data', 'postmaster.pid'));
  const broker = pidFromFile(join(KAFKA_DIR, 'kafka.pid'));
  return {
    postgres: new CpuMeter(() => (postmaster === null ? null : processTreeCpuMs(postmaster))),
    broker: new CpuMeter(() => (broker === null ? null : processCpuMs(broker))),
  };
}

