import type { Logger } from '@ailog/processor';
import { createRequire } from 'node:module';
import type * as GraphQLModule from 'graphql';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { wsOperationGuard } from './ws-operation.guard.js';

// the CommonJS build, as type-graphql's schema in the app (see ws-operation.guard.ts)
const { GraphQLError: CjsGraphQLError, buildSchema } = createRequire(import.meta.url)('graphql') as typeof GraphQLModule;

const schema = buildSchema(`
  type Node { id: ID! child: Node }
  type Query { node: Node }
  type Subscription { tick(first: Int): [Node!]! deep: Node }
`);

function guardWithLog(): { guard: ReturnType<typeof wsOperationGuard>; logged: unknown[] } {
  const logged: unknown[] = [];
  const logger = { warn: (obj: unknown) => logged.push(obj) } as unknown as Logger;
  const formatError = (formatted: GraphQLFormattedError): GraphQLFormattedError => ({ ...formatted, extensions: { ...formatted.extensions, formatted: true } });
  const guard = wsOperationGuard({ schema, maxQueryDepth: 3, costLimits: { maxCost: 50, defaultListSize: 10, maxListSize: 1000 }, formatError, logger });
  return { guard, logged };
}

const codesOf = (result: unknown): unknown[] => (Array.isArray(result) ? (result as GraphQLError[]).map((e) => e.extensions.code) : []);

describe('wsOperationGuard', () => {
  it('accepts a subscription within the limits, with the variables sent', () => {
    const { guard } = guardWithLog();
    const args = guard.onSubscribe({ query: 'subscription($n: Int) { tick(first: $n) { id } }', variables: { n: 5 } });
    expect(Array.isArray(args)).toBe(false);
    expect(args).toMatchObject({ schema, variableValues: { n: 5 } });
  });

  it('refuses queries and mutations: they belong on POST /graphql', () => {
    const { guard } = guardWithLog();
    expect(codesOf(guard.onSubscribe({ query: '{ node { id } }' }))).toEqual(['BAD_INPUT']);
  });

  it('applies the depth limit and the cost limit with the real variable values', () => {
    const { guard } = guardWithLog();
    expect(codesOf(guard.onSubscribe({ query: 'subscription { deep { child { child { child { id } } } } }' }))).toEqual(['BAD_INPUT']);
    const sized = 'subscription($n: Int = 1) { tick(first: $n) { id } }';
    expect(Array.isArray(guard.onSubscribe({ query: sized }))).toBe(false);
    expect(codesOf(guard.onSubscribe({ query: sized, variables: { n: 1000 } }))).toEqual(['QUERY_TOO_COSTLY']);
  });

  it('reports parse and standard validation errors with GraphQL codes', () => {
    const { guard } = guardWithLog();
    expect(codesOf(guard.onSubscribe({ query: 'subscription {' }))).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(codesOf(guard.onSubscribe({ query: 'subscription { nope }' }))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('formats outgoing errors and logs their codes, never their messages', () => {
    const { guard, logged } = guardWithLog();
    const secret = new CjsGraphQLError('Variable "$q" got invalid value "alice@example.com"', { extensions: { code: 'BAD_INPUT' } });
    const formatted = guard.onError([secret]);
    expect(formatted[0]?.extensions).toEqual({ code: 'BAD_INPUT', formatted: true });
    expect(logged).toEqual([{ codes: ['BAD_INPUT'] }]);
    expect(JSON.stringify(logged)).not.toContain('alice');
    const next = guard.onNext({ data: null, errors: [new CjsGraphQLError('boom', { path: ['tick'] })] });
    expect(next.errors?.[0]?.extensions).toEqual({ formatted: true });
  });
});
