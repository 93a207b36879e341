import type { KafkaHealthReport } from '@ailog/processor/kafka/index';
import type { Database } from '@ailog/processor/storage/index';
import { Router } from 'express';

/** Runs one Kafka probe (`checkKafkaHealth` bound to a client); absent when Kafka is not configured. */
export type KafkaHealthProbe = () => Promise<KafkaHealthReport>;

/**
 * One probe in flight at a time, its report shared by every request that arrives meanwhile: the
 * route needs no key, so without this each request would open its own admin connection to the
 * brokers (an easy way to load them). Reports are not cached beyond that, so they are never stale.
 */
export function sharedProbe(probe: KafkaHealthProbe): KafkaHealthProbe {
  let inFlight: Promise<KafkaHealthReport> | null = null;
  return () =>
    (inFlight ??= probe().finally(() => {
      inFlight = null;
    }));
}

/**
 * `GET /health`: liveness plus a database round trip (503 when the database is down).
 * `GET /health/kafka`: broker reachability, topics and the processor group's lag per partition
 * (503 with a reason when down; `{"status":"disabled"}` when Kafka is not configured).
 */
export function healthRouter(db: Database, info: { readonly name: string; readonly version: string }, kafka?: KafkaHealthProbe): Router {
  const router = Router();
  const probe = kafka && sharedProbe(kafka);
  router.get('/health', async (_req, res) => {
    let database: 'up' | 'down' = 'up';
    try {
      await db.knex.raw('select 1');
    } catch {
      database = 'down';
    }
    res.status(database === 'up' ? 200 : 503).json({ status: database === 'up' ? 'healthy' : 'unhealthy', database, version: info.version });
  });
  router.get('/health/kafka', async (_req, res) => {
    if (!probe) {
      res.json({ status: 'disabled' });
      return;
    }
    const report = await probe();
    res.status(report.status === 'up' ? 200 : 503).json(report);
  });
  router.get('/', (_req, res) => {
    res.json({ name: info.name, version: info.version, graphql: '/graphql', rest: '/api/v1' });
  });
  return router;
}
