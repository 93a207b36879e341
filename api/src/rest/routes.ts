import { Router } from 'express';
import type { Services } from '../services/index.js';
import { logsRouter } from './v1/logs.route.js';

/** Every REST compatibility route, mounted under `/api/v1`. */
export function restRouter(services: Services): Router {
  const v1 = Router();
  v1.use(logsRouter(services));
  return Router().use('/api/v1', v1);
}
