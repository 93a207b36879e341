import { metricsRegistry, registerProcessMetrics } from '@ailog/processor/telemetry/metrics';
import { Router } from 'express';

/**
 * `GET /metrics`: the Prometheus text exposition of the shared ailog registry (HTTP and GraphQL
 * durations, subscriptions, plus the pipeline's metrics when the pipeline runs in this process).
 * Public like `/health` (issue 6): scrapers carry no key and the counters hold no log content.
 */
export function metricsRouter(): Router {
  registerProcessMetrics();
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const body = await metricsRegistry.metrics();
    res.type(metricsRegistry.contentType).send(body);
  });
  return router;
}
