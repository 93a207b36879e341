import { Router } from 'express';
import type { Services } from '../services/index.js';
import { anomalyDetectionRouter } from './v1/anomaly-detection.route.js';
import { clusteringRouter } from './v1/clustering.route.js';
import { explanationsRouter } from './v1/explanations.route.js';
import { logsRouter } from './v1/logs.route.js';

/** Every REST compatibility route, mounted under `/api/v1`. */
export function restRouter(services: Services): Router {
  const v1 = Router();
  v1.use(anomalyDetectionRouter(services));
  v1.use(clusteringRouter(services));
  v1.use(explanationsRouter(services));
  v1.use(logsRouter(services));
  return Router().use('/api/v1', v1);
}
