import { httpRequestDuration } from '@ailog/processor/telemetry/metrics';
import type { Request, RequestHandler } from 'express';

/**
 * Times every HTTP request into `ailog_http_request_duration_seconds{method,route,status}`.
 * `route` is the matched pattern (`/api/v1/logs/:id`) or the mount point (`/graphql`), never the
 * raw path, and `unmatched` for 404s, so scanners cannot blow up the label cardinality.
 */
export function metricsMiddleware(): RequestHandler {
  return (req, res, next) => {
    const end = httpRequestDuration.startTimer();
    res.once('finish', () => end({ method: req.method, route: routeOf(req), status: String(res.statusCode) }));
    next();
  };
}

/** The route pattern that handled `req`, read after the response finished. */
export function routeOf(req: Pick<Request, 'baseUrl'> & { route?: { path?: unknown } }): string {
  const pattern = typeof req.route?.path === 'string' ? req.route.path : '';
  const route = `${req.baseUrl}${pattern}`;
  return route === '' ? 'unmatched' : route;
}
