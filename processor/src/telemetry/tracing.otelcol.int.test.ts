import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../config.js';
import { detectorsConfigSchema } from '../detectors/index.js';
import { silentLogger } from '../domain/logger.js';
import { fastConsumerConfig, waitFor } from '../kafka/kafka-test-kit.js';
import { ProcessorService, processorServiceConfigSchema } from '../service/processor-service.js';
import { serviceTestContext, type ServiceTestContext } from '../service/service-test-kit.js';
import { buildCollector, startCollector, type CollectedSpan, type RunningCollector } from './otelcol-test-kit.js';
import { activeTraceId, traceHeaders } from './trace-context.js';
import { createTracing, withSpan, type Tracing } from './tracing.js';

/**
 * One log's journey is one trace, checked by a real OpenTelemetry Collector: a shipper span
 * produces to `logs-raw` with a `traceparent` header; the processor service (real broker, real
 * PostgreSQL) continues it through the fetch, every stage, persist and publish; the anomaly row
 * and the `logs-processed` message carry the same trace.
 */

const brokers = inject('kafkaBrokers');
const databaseUrl = inject('databaseUrl');
const BASE = Date.UTC(2026, 2, 1, 10, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

let collector: RunningCollector | undefined;
let ctx: ServiceTestContext | undefined;
const tracings: Tracing[] = [];

beforeAll(async () => {
  // A fresh machine builds the collector here (Go modules + compile); later runs reuse the cache.
  collector = await startCollector(await buildCollector());
}, 900_000);

afterAll(async () => {
  for (const tracing of tracings) await tracing.shutdown();
  await ctx?.cleanup();
  await collector?.stop();
});

function tracingTo(endpoint: string, serviceName: string): Tracing {
  const tracing = createTracing(parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: serviceName, OTEL_EXPORTER_OTLP_HEADERS: 'x-ailog-test=1' }).telemetry, { scope: serviceName });
  tracings.push(tracing);
  return tracing;
}

/** Past the new-template detector's warm-up (100 lines, 30 minutes of log time). */
const N = 240;

/** A steady baseline: three templates, one line every 10 s. */
function baseline(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const at = iso(BASE + i * 10_000);
    if (i % 3 === 0) return `${at} INFO GET /api/items/${i} returned 200 in ${10 + (i % 7)} ms`;
    if (i % 3 === 1) return `${at} INFO user session ${1000 + i} refreshed token`;
    return `${at} DEBUG cache hit ratio ${(i % 10) / 10} for region eu-west-${i % 3}`;
  });
}

describe('traces reach a real OpenTelemetry Collector', () => {
  it('keeps one trace id from the producer across the Kafka hop, the stages, persist, publish and the anomaly row', async () => {
    const running = collector!;
    ctx = await serviceTestContext(brokers, databaseUrl);
    const c = ctx;
    const processorTracing = tracingTo(running.endpoint, 'ailog-processor-test');
    const shipperTracing = tracingTo(running.endpoint, 'test-shipper');
    const service = await ProcessorService.create({
      config: c.config,
      kafka: c.client.config,
      logger: silentLogger,
      db: c.db,
      embeddingProvider: c.provider,
      service: processorServiceConfigSchema.parse({ consumer: fastConsumerConfig() }),
      tracing: processorTracing,
      // Any flagged line is a finding: this test is about trace ids, not the detectors' calibration.
      detect: { detectors: detectorsConfigSchema.parse({ combiner: { threshold: 0.05 } }) },
    });
    const producer = c.client.producer();
    await producer.connect();
    try {
      await service.start();
      await producer.send({ topic: c.client.config.topics.raw, messages: baseline(N).map((value) => ({ value })) });
      await waitFor(() => service.stats.records >= N, 'the baseline processed', 40_000);

      const errors = Array.from({ length: 5 }, (_, i) => `${iso(BASE + (N + i) * 10_000)} ERROR payment gateway refused card for order ${9000 + i}: upstream certificate expired`);
      const traceId = await withSpan(shipperTracing.tracer, `publish ${c.client.config.topics.raw}`, { kind: SpanKind.PRODUCER }, async () => {
        const headers = traceHeaders();
        await producer.send({ topic: c.client.config.topics.raw, messages: errors.map((value) => ({ value, headers })) });
        return activeTraceId();
      });
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      await waitFor(() => service.stats.records >= N + errors.length, 'the traced lines processed', 40_000);

      const anomalies: Array<{ trace_id: string | null }> = await c.db.knex('anomalies').where('trace_id', traceId).select('trace_id');
      expect(anomalies.length).toBeGreaterThan(0);
      const [published] = (await c.read(c.client.config.topics.processed, N + errors.length)).filter((m) => m.value?.toString('utf8').includes('payment gateway'));
      expect(published?.headers.traceparent?.split('-')[1]).toBe(traceId);

      await processorTracing.forceFlush();
      await shipperTracing.forceFlush();
      const expected = ['publish ' + c.client.config.topics.raw, 'process ' + c.client.config.topics.raw, 'template', 'redact', 'embed', 'detect', 'persist postgres', 'publish kafka'];
      let spans: CollectedSpan[] = [];
      await waitForAsync(async () => {
        spans = (await running.spans()).filter((s) => s.traceId === traceId);
        return expected.every((name) => spans.some((s) => s.name === name));
      }, 'the spans of the traced lines in the collector file');

      // The traced lines may arrive in more than one fetch: each fetch span continues the producer span.
      const named = (name: string): CollectedSpan[] => spans.filter((s) => s.name === name);
      const [produce] = named(expected[0]!);
      const fetches = named(expected[1]!);
      expect(produce?.serviceName).toBe('test-shipper');
      for (const fetch of fetches) {
        expect(fetch.serviceName).toBe('ailog-processor-test');
        expect(fetch.parentSpanId).toBe(produce?.spanId);
        expect(fetch.attributes['messaging.system']).toBe('kafka');
      }
      const fetchIds = new Set(fetches.map((f) => f.spanId));
      for (const name of expected.slice(2)) for (const span of named(name)) expect(fetchIds.has(span.parentSpanId), name).toBe(true);
    } finally {
      await producer.disconnect();
      await service.shutdown();
    }
  }, 120_000);
});

async function waitForAsync(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
