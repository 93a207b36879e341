import { Router, type Request } from 'express';
import { z } from 'zod';
import { principalOf } from '../../http/auth.middleware.js';
import type { LogItem } from '../../services/log.service.js';
import type { Services } from '../../services/index.js';
import { parseInput } from '../../services/validate.js';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const text = z.string().trim().min(1).optional();

// The seed's parameter names; values are turned into service input and validated there again.
const searchQuery = z.object({
  query: text,
  level: text,
  service: text,
  start_time: text,
  end_time: text,
  limit: z.coerce.number().optional(),
  offset: z.coerce.number().optional(),
  is_anomaly: flag.optional(),
  include_raw: flag.optional(),
  use_semantic_search: flag.optional(),
  similarity_threshold: z.coerce.number().optional(),
});

const volumeQuery = z.object({
  level: text,
  service: text,
  start_time: text,
  end_time: text,
  interval: z.enum(['minute', 'hour', 'day']).optional(),
});

/** The seed's snake_case log shape. */
function toSeedLog(item: LogItem): Record<string, unknown> {
  return {
    id: item.id,
    timestamp: item.timestamp.toISOString(),
    level: item.level,
    service: item.service,
    message: item.message,
    ...(item.raw !== null && { raw_message: item.raw }),
    template_id: item.templateId,
    trace_id: item.traceId,
    span_id: item.spanId,
    attributes: item.attributes,
    anomaly_score: item.score,
    is_anomaly: item.isAnomaly,
    ...(item.similarity !== undefined && { similarity: item.similarity }),
  };
}

function queryOf(req: Request): Record<string, unknown> {
  return req.query;
}

/** `/api/v1/logs/*`: the seed's REST routes, thin over the same services as GraphQL. */
export function logsRouter(services: Services): Router {
  const router = Router();

  router.get('/logs/search', async (req, res) => {
    const q = parseInput(searchQuery, queryOf(req));
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const page = await services.logs.search(
      {
        query: q.query,
        level: q.level,
        service: q.service,
        from: q.start_time,
        to: q.end_time,
        isAnomaly: q.is_anomaly,
        includeRaw: q.include_raw ?? false,
        semantic: q.use_semantic_search ?? false,
        similarityThreshold: q.similarity_threshold,
        limit,
        offset,
      },
      principalOf(res),
    );
    res.json({
      results: page.items.map(toSeedLog),
      total: page.total,
      limit,
      offset,
      has_more: page.hasMore,
      search_type: q.use_semantic_search ? 'semantic' : q.query ? 'fulltext' : 'filter',
    });
  });

  router.get('/logs/volume', async (req, res) => {
    const q = parseInput(volumeQuery, queryOf(req));
    const interval = q.interval ?? 'hour';
    const points = await services.logs.volume({ level: q.level, service: q.service, from: q.start_time, to: q.end_time, bucket: interval });
    res.json({
      interval,
      buckets: points.map((p) => ({ timestamp: p.bucket.toISOString(), level: p.level, count: p.count })),
    });
  });

  router.get('/logs/:logId', async (req, res) => {
    const includeRaw = parseInput(z.object({ include_raw: flag.optional() }), queryOf(req)).include_raw ?? false;
    res.json(toSeedLog(await services.logs.get(req.params.logId, principalOf(res), includeRaw)));
  });

  return router;
}
