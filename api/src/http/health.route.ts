import type { KafkaHealthReport } from '@ailog/processor/kafka/index';
import type { Database } from '@ailog/processor/storage/index';
import { Router } from 'express';

/** Runs one Kafka probe (`checkKafkaHealth` bound to a client); absent when Kafka is not configured. */
export type KafkaHealthProbe = () => Promise<KafkaHealthReport>;

/**
 * `GET /health`: liveness plus a database round trip (503 when the database is down).
 * `GET /health/kafka`: broker reachability, topics and the processor group's lag per partition
 * (503 with a reason when down; `{"status":"disabled"}` when Kafka is not configured).
 */
export function healthRouter(db: Database, info: { readonly name: string; readonly version: string }, kafka?: KafkaHealthProbe): Router {
  const router = Router();
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
    if (!kafka) {
      res.json({ status: 'disabled' });
      return;
    }
    const report = await kafka();
    res.status(report.status === 'up' ? 200 : 503).json(report);
  });
  router.get('/', (_req, res) => {
    res.json({ name: info.name, version: info.version, graphql: '/graphql', rest: '/api/v1' });
  });
  return router;
}
