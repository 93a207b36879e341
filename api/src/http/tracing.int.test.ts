import { silentLogger, AnomalyBus } from '@ailog/processor';
import { openTestDatabase, type TestDatabase } from '@ailog/processor/storage/testing/test-database';
import { SpanKind } from '@ailog/processor/telemetry/tracing';
import { inMemoryTracing } from '@ailog/processor/telemetry/tracing-test-kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApi, type Api } from '../app.js';
import { ApiKeyService } from '../services/api-key.service.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
const { tracing, spans } = inMemoryTracing();
let handle: TestDatabase;
let api: Api;
let baseUrl: string;
let key: string;

beforeAll(async () => {
  handle = await openTestDatabase('pglite', inject('databaseUrl'));
  key = (await new ApiKeyService(handle.db).create({ name: 'trace-reader', role: 'reader' })).key;
  api = await buildApi({ config: { port: 0, keyCacheTtlMs: 0 }, db: handle.db, bus: new AnomalyBus(), logger: silentLogger, tracing });
  const address = await api.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await api?.close();
  await handle?.cleanup();
});

/** Span ends on the response's `finish`, which can trail the client seeing the body. */
async function spanNamed(name: string): Promise<ReturnType<typeof spans>[number]> {
  for (let i = 0; i < 50; i += 1) {
    const span = spans().find((s) => s.name === name);
    if (span) return span;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no span ${name}; have ${spans().map((s) => s.name).join(', ')}`);
}

describe('api request spans', () => {
  it('continues the caller trace, named by route, with the status code', async () => {
    const res = await fetch(`${baseUrl}/api/v1/logs/volume`, { headers: { traceparent, authorization: `Bearer ${key}` } });
    await res.arrayBuffer();
    const span = await spanNamed('GET /api/v1/logs/volume');
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span.attributes['http.response.status_code']).toBe(res.status);
    expect(span.attributes['http.route']).toBe('/api/v1/logs/volume');
  });

  it('adds a GraphQL operation span under the request span', async () => {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ query: 'query Ping { __typename }' }),
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const http = await spanNamed('POST /graphql');
    const operation = await spanNamed('query Ping');
    expect(operation.parentSpanContext?.spanId).toBe(http.spanContext().spanId);
    expect(operation.spanContext().traceId).toBe(http.spanContext().traceId);
    expect(operation.attributes['graphql.operation.type']).toBe('query');
    expect(http.attributes['graphql.operation.name']).toBe('Ping');
  });

  it('does not mark a refused request (4xx) as a server error', async () => {
    const res = await fetch(`${baseUrl}/api/v1/logs/search`);
    await res.arrayBuffer();
    expect(res.status).toBe(401);
    const span = spans().find((s) => s.attributes['url.path'] === '/api/v1/logs/search') ?? (await spanNamed('GET'));
    expect(span.attributes['http.response.status_code']).toBe(401);
    expect(span.status.code).toBe(0);
  });
});
