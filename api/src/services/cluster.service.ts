import { randomBytes } from 'node:crypto';
import { NotFoundError, type Logger } from '@ailog/processor';
import { clusterTemplates, templateClusteringSchema } from '@ailog/processor/clustering/index';
import type { Database } from '@ailog/processor/storage/index';
import {
  ClusterMemberRepository,
  type ClusterMemberView,
  type ClusterRunInfo,
  type ClusterSampleLine,
} from '@ailog/processor/storage/repositories/cluster-member.repository';
import { TemplateVectorRepository } from '@ailog/processor/storage/repositories/template-vector.repository';
import { z } from 'zod';
import { requireRole, type Principal } from '../auth/api-key.auth.js';
import { MAX_PAGE } from './log.service.js';
import { parseInput } from './validate.js';

export const clusteringRunInputSchema = templateClusteringSchema.pick({ minClusterSize: true, minSamples: true });
export type ClusteringRunInput = z.input<typeof clusteringRunInputSchema>;

export const outlierListInputSchema = z.object({
  limit: z.number().int().min(1).max(MAX_PAGE).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export type OutlierListInput = z.input<typeof outlierListInputSchema>;

/** A cluster as served: members closest to the centroid first. */
export interface ClusterView {
  readonly id: string;
  readonly runId: string;
  readonly label: string | null;
  readonly size: number;
  readonly representatives: ClusterMemberView[];
  readonly members: ClusterMemberView[];
}

export interface ClusterDetail extends ClusterView {
  readonly sampleLines: ClusterSampleLine[];
}

export interface ClusterList {
  readonly run: ClusterRunInfo | null;
  readonly clusters: ClusterView[];
}

export interface ClusteringRunResult extends ClusterList {
  readonly run: ClusterRunInfo;
  readonly durationMs: number;
  readonly params: { readonly minClusterSize: number; readonly minSamples: number };
}

export interface OutlierList {
  readonly run: ClusterRunInfo | null;
  readonly items: ClusterMemberView[];
  readonly total: number;
  readonly hasMore: boolean;
}

export interface ClusterServiceDeps {
  readonly db: Database;
  /** Embedding space to cluster (the processor's provider); default: the one with most vectors in the cache. */
  readonly space?: { readonly provider: string; readonly model: string };
  readonly logger?: Logger;
}

/**
 * Template clustering for GraphQL and REST: a run is HDBSCAN over the stored template embeddings
 * (admin only: it is O(n²) in templates), written as one run; queries read the latest run.
 */
export class ClusterService {
  private readonly runs: ClusterMemberRepository;
  private readonly vectors: TemplateVectorRepository;

  constructor(private readonly deps: ClusterServiceDeps) {
    this.runs = new ClusterMemberRepository(deps.db.knex);
    this.vectors = new TemplateVectorRepository(deps.db.knex);
  }

  async run(input: ClusteringRunInput, principal: Principal): Promise<ClusteringRunResult> {
    requireRole(principal, 'admin');
    const params = parseInput(clusteringRunInputSchema, input);
    const started = Date.now();
    const space = this.deps.space ?? (await this.vectors.spaces())[0];
    const config = templateClusteringSchema.parse(params);
    const templates = space ? await this.vectors.templatesWithVectors(space.provider, space.model, config.maxTemplates) : [];
    const result = clusterTemplates(templates, config);
    // Time-ordered and unique without coordination between replicas.
    const runId = `${new Date(started).toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
    await this.runs.saveRun(
      runId,
      result.clusters.map((c) => ({ id: c.id, label: c.label, representativeTemplateIds: c.representativeTemplateIds, size: c.size, centroid: c.centroid })),
      result.members,
    );
    const durationMs = Date.now() - started;
    this.deps.logger?.info({ runId, templates: templates.length, clusters: result.clusters.length, durationMs }, 'clustering run');
    const list = await this.list();
    return {
      run: list.run ?? { runId, createdAt: new Date(started), templates: 0, outliers: 0 },
      clusters: list.clusters,
      durationMs,
      params: { minClusterSize: config.minClusterSize, minSamples: config.minSamples ?? config.minClusterSize },
    };
  }

  /** Clusters of the latest run, largest first; empty before any run. */
  async list(): Promise<ClusterList> {
    const run = await this.runs.latestRun();
    if (!run) return { run: null, clusters: [] };
    const [clusters, members] = await Promise.all([this.runs.clusters(run.runId), this.runs.members(run.runId)]);
    const byCluster = groupBy(members);
    return { run, clusters: clusters.map((c) => toView(c, byCluster.get(c.id) ?? [])) };
  }

  async get(id: string, sampleLines = 10): Promise<ClusterDetail> {
    const run = await this.runs.latestRun();
    const cluster = run ? (await this.runs.clusters(run.runId)).find((c) => c.id === id) : undefined;
    if (!run || !cluster) throw new NotFoundError('cluster', id);
    const members = await this.runs.members(run.runId, [id]);
    const lines = sampleLines > 0 ? await this.sampleLines(members.map((m) => m.templateId), sampleLines) : [];
    return { ...toView(cluster, members), sampleLines: lines };
  }

  /** Newest lines of some templates (a cluster's members), at most 100. */
  sampleLines(templateIds: readonly string[], limit = 10): Promise<ClusterSampleLine[]> {
    return this.runs.sampleLines(templateIds, Math.min(Math.max(limit, 0), 100));
  }

  /** Templates the latest run left out of every cluster, most outlying first. */
  async outliers(input: OutlierListInput): Promise<OutlierList> {
    const { limit, offset } = parseInput(outlierListInputSchema, input);
    const run = await this.runs.latestRun();
    if (!run) return { run: null, items: [], total: 0, hasMore: false };
    const items = await this.runs.outliers(run.runId, { limit, offset });
    return { run, items, total: run.outliers, hasMore: offset + items.length < run.outliers };
  }
}

function groupBy(members: readonly ClusterMemberView[]): Map<string, ClusterMemberView[]> {
  const out = new Map<string, ClusterMemberView[]>();
  for (const m of members) {
    if (m.clusterId === null) continue;
    const list = out.get(m.clusterId) ?? [];
    list.push(m);
    out.set(m.clusterId, list);
  }
  return out;
}

function toView(
  cluster: { readonly id: string; readonly runId: string; readonly label: string | null; readonly size: number; readonly representativeTemplateIds: readonly string[] },
  members: readonly ClusterMemberView[],
): ClusterView {
  const byId = new Map(members.map((m) => [m.templateId, m]));
  return {
    id: cluster.id,
    runId: cluster.runId,
    label: cluster.label,
    size: cluster.size,
    representatives: cluster.representativeTemplateIds.flatMap((id) => byId.get(id) ?? []),
    members: [...members],
  };
}
