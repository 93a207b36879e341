import type { AnomalyFinding } from '@ailog/processor';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { startApiHarness, type ApiHarness } from '../testing/api-harness.js';

let h: ApiHarness;
const clients: Client[] = [];

beforeAll(async () => {
  // a low cost limit, so the websocket's cost check can be hit with a flat subscription
  h = await startApiHarness(inject('databaseUrl'), 3, { maxQueryCost: 20 });
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await h?.close();
});

function client(connectionParams: Record<string, unknown>): Client {
  // onNonLazyError: the refused connection is expected; the default would print it.
  const c = createClient({ url: h.wsUrl, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
  clients.push(c);
  return c;
}

function finding(service: string, score: number, method = 'combined'): AnomalyFinding {
  const at = new Date('2026-02-01T00:00:00Z');
  return {
    scope: 'line',
    method,
    score,
    isAnomaly: true,
    templateId: 't9',
    service,
    windowStart: at,
    windowEnd: at,
    logKey: `k-${service}-${score}`,
    reasons: ['new template'],
    evidence: { signals: [{ detector: 'new_template', score, detail: {} }] },
  };
}

const SUBSCRIPTION = `subscription($filter: AnomalyFilter) {
  anomalyDetected(filter: $filter) { service score method logKey reasons evidence }
}`;

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('anomalyDetected over graphql-ws', () => {
  it('delivers published anomalies matching the filter and not the others', async () => {
    const received: Array<Record<string, unknown>> = [];
    const errors: unknown[] = [];
    const ws = client({ apiKey: h.keys.reader });
    ws.subscribe(
      { query: SUBSCRIPTION, variables: { filter: { service: 'web', minScore: 0.8 } } },
      { next: (msg) => received.push(msg.data?.anomalyDetected as Record<string, unknown>), error: (e) => errors.push(e), complete: () => undefined },
    );
    await waitFor(() => h.bus.listenerCount === 1);
    h.bus.publish(finding('billing', 0.99));
    h.bus.publish(finding('web', 0.5));
    h.bus.publish(finding('web', 0.95, 'rate_zscore'));
    await waitFor(() => received.length >= 1);
    // A later match proves the earlier non-matching ones were skipped rather than still in flight.
    h.bus.publish(finding('web', 0.85));
    await waitFor(() => received.length >= 2);
    expect(errors).toEqual([]);
    expect(received.map((r) => [r.service, r.score, r.method])).toEqual([
      ['web', 0.95, 'rate_zscore'],
      ['web', 0.85, 'combined'],
    ]);
    expect(received[0]).toMatchObject({ logKey: 'k-web-0.95', reasons: ['new template'] });
  });

  it('refuses queries over the websocket and applies the HTTP cost limit to subscriptions', async () => {
    const listenersBefore = h.bus.listenerCount;
    const ws = client({ apiKey: h.keys.reader });
    const errorOf = (query: string): Promise<Array<{ message: string; extensions?: Record<string, unknown> }>> =>
      new Promise((resolve) => {
        ws.subscribe({ query }, { next: () => resolve([]), error: (e) => resolve(e as Array<{ message: string }>), complete: () => resolve([]) });
      });
    const query = await errorOf('{ stats { logs } }');
    expect(query[0]?.extensions?.code).toBe('BAD_INPUT');
    expect(query[0]?.message).toMatch(/only subscriptions/);
    const aliases = Array.from({ length: 25 }, (_, i) => `a${i}: service`).join(' ');
    const costly = await errorOf(`subscription { anomalyDetected { ${aliases} } }`);
    expect(costly[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxCost: 20 });
    expect(h.bus.listenerCount).toBe(listenersBefore);
  });

  it('refuses a connection without a valid key', async () => {
    const closed = new Promise<number>((resolve) => {
      const ws = client({ apiKey: 'ailog_wrong' });
      ws.on('closed', (event) => resolve((event as { code: number }).code));
    });
    expect(await closed).toBe(4403);
  });
});
