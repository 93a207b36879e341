import type { Span, Tracing } from '@ailog/processor/telemetry/tracing';
import { context, recordFailure, SpanKind, SpanStatusCode, trace } from '@ailog/processor/telemetry/tracing';
import { extractTraceContext } from '@ailog/processor/telemetry/trace-context';
import type { Request, RequestHandler, Response } from 'express';

/**
 * A SERVER span per HTTP request (HTTP semantic conventions), continuing the caller's W3C
 * `traceparent`. Handlers run inside it, so GraphQL operations and anything else traced below
 * become children. A hand-written middleware: the http/express auto-instrumentations patch
 * modules through `require` hooks, which needs `--import` loader set-up under ESM.
 */
export function tracingMiddleware(tracing: Tracing): RequestHandler {
  if (!tracing.enabled) return (_req, _res, next) => next();
  return (req, res, next) => {
    const parent = extractTraceContext(req.headers);
    const span = tracing.tracer.startSpan(
      req.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method,
          'url.path': req.path,
          'url.scheme': req.protocol,
          ...(req.headers['user-agent'] ? { 'user_agent.original': req.headers['user-agent'] } : {}),
        },
      },
      parent,
    );
    let ended = false;
    const end = (aborted: boolean): void => {
      if (ended) return;
      ended = true;
      finish(span, req, res, aborted);
    };
    res.once('finish', () => end(false));
    res.once('close', () => end(!res.writableFinished));
    context.with(trace.setSpan(parent, span), next);
  };
}

/** Names the span after the matched route (low cardinality: `/v1/logs/:id`, never the raw path). */
function finish(span: Span, req: Request, res: Response, aborted: boolean): void {
  const route = routeOf(req);
  if (route !== null) {
    span.updateName(`${req.method} ${route}`);
    span.setAttribute('http.route', route);
  }
  span.setAttribute('http.response.status_code', res.statusCode);
  if (aborted) recordFailure(span, new Error('client closed the connection before the response was sent'));
  // 4xx is the client's problem, not a failed server span (HTTP semantic conventions).
  else if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

function routeOf(req: Request): string | null {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return `${req.baseUrl}${path}`;
  // Mounted handlers without a route (Apollo under /graphql) still have their mount path.
  return req.baseUrl === '' ? null : req.baseUrl;
}
