import type { KafkaHealthReport } from '@ailog/processor/kafka/index';
import type { Database } from '@ailog/processor/storage/index';
import { Router } from 'express';

/** Runs one Kafka probe (`checkKafkaHealth` bound to a client); absent when Kafka is not configured. */
export type KafkaHealthProbe = () => Promise<KafkaHealthReport>;

/**
 * One probe at a time, and a healthy report reused for `ttlMs`: the route needs no key, so without
 * this every request would open an admin connection to the brokers (an easy way to load them).
 * A report of trouble is shared only while in flight, so recovery shows at once.
 */
export function sharedProbe(probe: KafkaHealthProbe, ttlMs = 5000, now: () => number = Date.now): KafkaHealthProbe {
  let inFlight: Promise<KafkaHealthReport> | null = null;
  let healthy: { readonly at: number; readonly report: KafkaHealthReport } | null = null;
  return () => {
    if (healthy !== null && now() - healthy.at < ttlMs) return Promise.resolve(healthy.report);
    inFlight ??= probe()
      .then((report) => {
        healthy = report.status === 'up' ? { at: now(), report } : null;
        return report;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
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
