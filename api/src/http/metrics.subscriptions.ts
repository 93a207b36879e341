import { activeSubscriptions } from '@ailog/processor/telemetry/metrics';

/** The graphql-ws hooks that keep `ailog_active_subscriptions` current. */
export interface SubscriptionMetricsHooks {
  onOperation(ctx: object, id: string, payload: unknown, args: unknown, result: unknown): void;
  onComplete(ctx: object, id: string): void;
}

/**
 * Counts a subscription when its execution returned a stream, and uncounts it on completion.
 * graphql-ws calls `onComplete` for every streaming operation, also after an abrupt socket
 * close, so the gauge comes back to zero; single-result operations over the socket are not counted.
 */
export function subscriptionMetricsHooks(): SubscriptionMetricsHooks {
  const live = new WeakMap<object, Set<string>>();
  return {
    onOperation: (ctx, id, _payload, _args, result) => {
      if (!isAsyncIterable(result)) return;
      let ids = live.get(ctx);
      if (ids === undefined) live.set(ctx, (ids = new Set()));
      ids.add(id);
      activeSubscriptions.inc();
    },
    onComplete: (ctx, id) => {
      if (live.get(ctx)?.delete(id) === true) activeSubscriptions.dec();
    },
  };
}

function isAsyncIterable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
