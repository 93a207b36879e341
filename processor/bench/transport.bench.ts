/**
 * Transport floor: what Kafka alone costs per line, with no pipeline stage and no database.
 *   npm run bench:transport -- [--lines 200000] [--modes consume,relay] [--request-kib 768]
 * Lines (the pipeline bench's mix) are preloaded on a fresh 3-partition raw topic; the clock runs
 * from the consumer's start until the group has committed every offset.
 * - consume: our BatchConsumer (the service's defaults) with a handler that does nothing.
 * - relay: the same, and the handler publishes every line as a `logs-processed`-shaped JSON
 *   (redacted text = the line, other fields empty) through our KafkaPublisher (acks=all, trace
 *   headers) in requests under `--request-kib`, before the commit, as the service does.
 * Prints CPU µs per line of this process and of the broker (`scripts/kafka.sh`), and the ceiling
 * that sum alone allows on two dedicated cores: the pipeline can never be faster than that.
 * Writes bench-results/transport.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { silentLogger } from '../src/domain/logger.js';
import { chunks } from '../src/exporters/kafka.exporter.js';
import {
  BatchConsumer,
  batchConsumerConfigSchema,
  createKafkaClient,
  ensureTopics,
  KafkaPublisher,
  type JsonMessage,
  type RawMessage,
} from '../src/kafka/index.js';
import { allCommitted, kafkaFor, produce, ROOT, script, serverMeters } from './kafka-bench-kit.js';
import { mixedLines } from './mixed-lines.js';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '200000' },
    modes: { type: 'string', default: 'consume,relay' },
    /** Payload KiB per produce request in relay mode (the Kafka exporter's `maxRequestBytes`). */
    'request-kib': { type: 'string', default: '768' },
  },
});
const N = Number(values.lines);
const MODES = values.modes.split(',') as Array<'consume' | 'relay'>;
const MAX_REQUEST_BYTES = Number(values['request-kib']) * 1024;

interface TransportResult {
  mode: string;
  lines: number;
  seconds: number;
  linesPerSecond: number;
  cpu: { bench: number | null; broker: number | null; total: number | null };
}

/** The `logs-processed` shape (kafka.exporter.ts) with the line as its text and nothing mined. */
function processedShape(message: RawMessage, text: string): string {
  return JSON.stringify({
    key: `kafka:${message.topic}/${message.partition}:${message.offset}`,
    timestamp: new Date(Number(message.timestamp)).toISOString(),
    observedAt: new Date().toISOString(),
    service: null,
    level: 'INFO',
    message: text,
    templateId: null,
    template: null,
    params: [],
    score: null,
    isAnomaly: false,
    reasons: [],
    redactions: {},
    attributes: {},
    traceId: null,
    spanId: null,
  });
}

async function relay(publisher: KafkaPublisher, messages: RawMessage[]): Promise<void> {
  const out: JsonMessage[] = [];
  const sizes: number[] = [];
  for (const m of messages) {
    // As the Kafka exporter does: encoded once, the size taken from the bytes kafkajs sends.
    const bytes = Buffer.from(processedShape(m, m.value?.toString('utf8') ?? ''), 'utf8');
    out.push({ key: null, bytes });
    sizes.push(bytes.length + 192);
  }
  await Promise.all(chunks(sizes, MAX_REQUEST_BYTES).map(([from, to]) => publisher.publishProcessed(out.slice(from, to))));
}

async function benchMode(brokers: string, mode: 'consume' | 'relay', lines: readonly string[]): Promise<TransportResult> {
  const kafka = kafkaFor(brokers);
  const client = createKafkaClient(kafka, silentLogger);
  const admin = client.admin();
  await admin.connect();
  await ensureTopics(admin, kafka);
  const publisher = new KafkaPublisher(client, silentLogger);
  await publisher.connect();
  const consumer = new BatchConsumer({
    client,
    topics: [kafka.topics.raw],
    config: batchConsumerConfigSchema.parse({}),
    logger: silentLogger,
    handle: async (messages) => {
      if (mode === 'relay') await relay(publisher, messages);
      return { handled: messages.length };
    },
  });
  try {
    await produce(client, lines, 2000);
    const servers = serverMeters();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await consumer.start();
    await allCommitted(admin, kafka, lines.length, 900_000);
    const seconds = (performance.now() - start) / 1000;
    const own = process.cpuUsage(cpuStart);
    const us = (ms: number | null): number | null => (ms === null ? null : Math.round((ms * 1000) / lines.length));
    const bench = us((own.user + own.system) / 1000);
    const broker = us(servers.broker.elapsedMs());
    return {
      mode,
      lines: lines.length,
      seconds: Math.round(seconds * 100) / 100,
      linesPerSecond: Math.round(lines.length / seconds),
      cpu: { bench, broker, total: bench === null || broker === null ? null : bench + broker },
    };
  } finally {
    await consumer.stop();
    await publisher.disconnect();
    await admin.deleteTopics({ topics: Object.values(kafka.topics) }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const brokers = await script('kafka.sh');
  const lines = mixedLines(N);
  const results: TransportResult[] = [];
  for (const mode of MODES) results.push(await benchMode(brokers, mode, lines));
  console.log(`\ntransport bench: ${N} preloaded lines, no pipeline stage, no database (node ${process.version})`);
  console.log('mode    | seconds | lines/s | CPU µs/line bench + broker = total | ceiling lines/s (2 cores)');
  const show = (v: number | null): string => (v === null ? '-' : String(v));
  for (const r of results) {
    const cpu = `${show(r.cpu.bench)} + ${show(r.cpu.broker)} = ${show(r.cpu.total)}`;
    const ceiling = r.cpu.total ? String(Math.round(2e6 / r.cpu.total)) : '-';
    console.log(`${r.mode.padEnd(7)} | ${String(r.seconds).padStart(7)} | ${String(r.linesPerSecond).padStart(7)} | ${cpu.padStart(34)} | ${ceiling}`);
  }
  await mkdir(join(ROOT, 'bench-results'), { recursive: true });
  await writeFile(join(ROOT, 'bench-results', 'transport.json'), `${JSON.stringify({ lines: N, at: new Date().toISOString(), results }, null, 2)}\n`);
}

await main();
