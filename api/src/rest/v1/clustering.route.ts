import type { ClusterMemberView, ClusterRunInfo } from '@ailog/processor/storage/repositories/cluster-member.repository';
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { principalOf } from '../../http/auth.middleware.js';
import type { ClusterDetail, ClusterView } from '../../services/cluster.service.js';
import type { Services } from '../../services/index.js';
import { parseInput } from '../../services/validate.js';

/** Body (or query) of `POST /logs/clustering/run`; both optional. */
const runBody = z.object({
  min_cluster_size: z.coerce.number().optional(),
  min_samples: z.coerce.number().optional(),
});

const templateShape = z.object({
  template_id: z.string(),
  template: z.string(),
  count: z.number().int(),
  similarity: z.number().nullable().describe('Cosine similarity to the cluster centroid (centred embedding space)'),
  outlier_score: z.number().describe('HDBSCAN GLOSH-style score in [0,1]; higher = more of an outlier'),
});
const runShape = { run_id: z.string().nullable(), created_at: z.string().nullable() };

const clusterShape = z.object({
  cluster_id: z.string(),
  run_id: z.string(),
  label: z.string().nullable(),
  size: z.number().int(),
  representative_templates: z.array(templateShape),
  member_templates: z.array(templateShape),
});

/** Request and response shapes of the clustering routes, for the OpenAPI document and tests. */
export const clusteringSchemas = {
  runBody: runBody.describe('Both optional: min_cluster_size (default 3), min_samples (default = min_cluster_size)'),
  cluster: clusterShape,
  run: z.object({
    ...runShape,
    n_templates: z.number().int(),
    n_clusters: z.number().int(),
    n_outliers: z.number().int(),
    duration_ms: z.number().int(),
    params: z.object({ min_cluster_size: z.number().int(), min_samples: z.number().int() }),
    clusters: z.array(clusterShape),
  }),
  clusters: z.object({ ...runShape, clusters: z.array(clusterShape), total: z.number().int() }),
  clusterDetail: clusterShape.extend({
    sample_logs: z.array(
      z.object({ id: z.string(), timestamp: z.string(), level: z.string(), service: z.string().nullable(), message: z.string(), template_id: z.string() }),
    ),
  }),
  outliers: z.object({
    ...runShape,
    outliers: z.array(
      z.object({
        template_id: z.string(),
        template: z.string(),
        count: z.number().int(),
        outlier_score: z.number(),
        nearest_cluster_id: z.string().nullable(),
        similarity_to_nearest: z.number().nullable(),
      }),
    ),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    has_more: z.boolean(),
  }),
};

const outliersQuery = z.object({ limit: z.coerce.number().optional(), offset: z.coerce.number().optional() });
const clusterQuery = z.object({ sample_limit: z.coerce.number().optional() });

function template(m: ClusterMemberView): Record<string, unknown> {
  return { template_id: m.templateId, template: m.text, count: m.count, similarity: m.similarity, outlier_score: m.outlierScore };
}

function seedCluster(c: ClusterView): Record<string, unknown> {
  return {
    cluster_id: c.id,
    run_id: c.runId,
    label: c.label,
    size: c.size,
    representative_templates: c.representatives.map(template),
    member_templates: c.members.map(template),
  };
}

function seedRun(run: ClusterRunInfo | null): Record<string, unknown> {
  return { run_id: run?.runId ?? null, created_at: run?.createdAt.toISOString() ?? null };
}

function seedDetail(c: ClusterDetail): Record<string, unknown> {
  return {
    ...seedCluster(c),
    sample_logs: c.sampleLines.map((l) => ({
      id: l.id,
      timestamp: l.timestamp.toISOString(),
      level: l.level,
      service: l.service,
      message: l.message,
      template_id: l.templateId,
    })),
  };
}

function inputOf(req: Request): unknown {
  // an empty POST means "all defaults"; query parameters work too, as in the seed
  return { ...(req.query as Record<string, unknown>), ...((req.body as Record<string, unknown> | undefined) ?? {}) };
}

/** `/api/v1/logs/clustering/*`: template clusters and semantic outliers, thin over ClusterService. */
export function clusteringRouter(services: Services, maxBodyBytes = 100_000): Router {
  const router = Router();

  router.post('/logs/clustering/run', express.json({ limit: maxBodyBytes }), async (req, res) => {
    const b = parseInput(runBody, inputOf(req));
    const result = await services.clusters.run({ minClusterSize: b.min_cluster_size, minSamples: b.min_samples }, principalOf(res));
    res.json({
      ...seedRun(result.run),
      n_templates: result.run.templates,
      n_clusters: result.clusters.length,
      n_outliers: result.run.outliers,
      duration_ms: result.durationMs,
      params: { min_cluster_size: result.params.minClusterSize, min_samples: result.params.minSamples },
      clusters: result.clusters.map(seedCluster),
    });
  });

  router.get('/logs/clustering/clusters', async (_req, res) => {
    const list = await services.clusters.list();
    res.json({ ...seedRun(list.run), clusters: list.clusters.map(seedCluster), total: list.clusters.length });
  });

  router.get('/logs/clustering/clusters/:clusterId', async (req, res) => {
    const q = parseInput(clusterQuery, req.query);
    res.json(seedDetail(await services.clusters.get(req.params.clusterId, q.sample_limit ?? 10)));
  });

  router.get('/logs/clustering/outliers', async (req, res) => {
    const q = parseInput(outliersQuery, req.query);
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const page = await services.clusters.outliers({ limit, offset });
    res.json({
      ...seedRun(page.run),
      outliers: page.items.map((m) => ({
        template_id: m.templateId,
        template: m.text,
        count: m.count,
        outlier_score: m.outlierScore,
        nearest_cluster_id: m.nearestClusterId,
        similarity_to_nearest: m.similarity,
      })),
      total: page.total,
      limit,
      offset,
      has_more: page.hasMore,
    });
  });

  return router;
}
