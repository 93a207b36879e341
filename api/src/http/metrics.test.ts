import { activeSubscriptions } from '@ailog/processor/telemetry/metrics';
import { describe, expect, it } from 'vitest';
import { operationLabel } from './metrics.graphql-plugin.js';
import { routeOf } from './metrics.middleware.js';
import { subscriptionMetricsHooks } from './metrics.subscriptions.js';

async function gauge(): Promise<number> {
  return (await activeSubscriptions.get()).values[0]?.value ?? 0;
}

function stream(): AsyncIterable<number> {
  return { [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true, value: undefined }) }) };
}

describe('routeOf', () => {
  it('labels by route pattern, mount point, or unmatched — never the raw path', () => {
    expect(routeOf({ baseUrl: '', route: { path: '/api/v1/logs/:id' } })).toBe('/api/v1/logs/:id');
    expect(routeOf({ baseUrl: '/graphql' })).toBe('/graphql');
    expect(routeOf({ baseUrl: '' })).toBe('unmatched');
  });
});

describe('operationLabel', () => {
  it('bounds client-chosen operation names', () => {
    expect(operationLabel(undefined)).toBe('anonymous');
    expect(operationLabel('')).toBe('anonymous');
    expect(operationLabel('Recent Anomalies!')).toBe('Recent_Anomalies_');
    expect(operationLabel('x'.repeat(500))).toHaveLength(64);
  });
});

describe('subscriptionMetricsHooks', () => {
  it('counts streaming operations until they complete, ignores single results', async () => {
    const hooks = subscriptionMetricsHooks();
    const socket = {};
    const before = await gauge();
    hooks.onOperation(socket, '1', {}, {}, stream());
    hooks.onOperation(socket, '2', {}, {}, stream());
    hooks.onOperation(socket, '3', {}, {}, { data: {} });
    expect(await gauge()).toBe(before + 2);
    hooks.onComplete(socket, '1');
    hooks.onComplete(socket, '1');
    hooks.onComplete(socket, '3');
    expect(await gauge()).toBe(before + 1);
    hooks.onComplete(socket, '2');
    expect(await gauge()).toBe(before);
  });
});
