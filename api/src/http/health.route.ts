import type { Database } from '@ailog/processor/storage/index';
import { Router } from 'express';

/** `GET /health`: liveness plus a database round trip (503 when the database is down). */
export function healthRouter(db: Database, info: { readonly name: string; readonly version: string }): Router {
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
  router.get('/', (_req, res) => {
    res.json({ name: info.name, version: info.version, graphql: '/graphql', rest: '/api/v1' });
  });
  return router;
}
