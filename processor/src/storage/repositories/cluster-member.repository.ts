import type { Knex } from '@mikro-orm/postgresql';
import { asDate, chunks } from '../sql.js';
import { ClusterRepository, type ClusterDto } from './cluster.repository.js';

/** A template's membership in a run, with the template's text and line count. */
export interface ClusterMemberView {
  readonly templateId: string;
  readonly text: string;
  readonly count: number;
  readonly clusterId: string | null;
  readonly outlierScore: number;
  readonly nearestClusterId: string | null;
  readonly similarity: number | null;
}

export interface NewClusterMember {
  readonly templateId: string;
  readonly clusterId: string | null;
  readonly outlierScore: number;
  readonly nearestClusterId: string | null;
  readonly similarity: number | null;
}

/** A recent line of a cluster, as a sample. */
export interface ClusterSampleLine {
  readonly id: string;
  readonly timestamp: Date;
  readonly service: string | null;
  readonly level: string;
  readonly message: string;
  readonly templateId: string;
}

export interface ClusterRunInfo {
  readonly runId: string;
  readonly createdAt: Date;
  readonly templates: number;
  readonly outliers: number;
}

/**
 * A clustering run as a whole: clusters (via `ClusterRepository`), one `cluster_members` row per
 * template, and `templates.cluster_id` for the latest run — written in one transaction so readers
 * never see half a run. Runs are found through `cluster_members`, so an all-noise run still counts.
 */
export class ClusterMemberRepository {
  constructor(
    private readonly knex: Knex,
    private readonly chunkSize = 1000,
  ) {}

  async saveRun(runId: string, clusters: ReadonlyArray<Omit<ClusterDto, 'runId'>>, members: readonly NewClusterMember[]): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await new ClusterRepository(trx).saveRun(runId, clusters);
      await trx('cluster_members').where('run_id', runId).delete();
      for (const part of chunks(members, this.chunkSize)) {
        await trx('cluster_members').insert(
          part.map((m) => ({
            run_id: runId,
            template_id: m.templateId,
            cluster_id: m.clusterId,
            outlier_score: m.outlierScore,
            nearest_cluster_id: m.nearestClusterId,
            similarity: m.similarity,
          })),
        );
      }
      await trx('templates').whereNotNull('cluster_id').update({ cluster_id: null });
      await trx.raw(
        'update templates t set cluster_id = m.cluster_id from cluster_members m where m.run_id = ? and m.template_id = t.id and m.cluster_id is not null',
        [runId],
      );
    });
  }

  async latestRun(): Promise<ClusterRunInfo | null> {
    const latest = (await this.knex('cluster_members').select('run_id', 'created_at').orderBy('created_at', 'desc').first()) as
      | { run_id: string; created_at: Date | string }
      | undefined;
    if (!latest) return null;
    const row = (await this.knex('cluster_members')
      .where('run_id', latest.run_id)
      .select(this.knex.raw('count(*) as templates, count(*) filter (where cluster_id is null) as outliers'))
      .first()) as { templates: string | number; outliers: string | number };
    return { runId: latest.run_id, createdAt: asDate(latest.created_at), templates: Number(row.templates), outliers: Number(row.outliers) };
  }

  /** Clusters of a run, largest first. */
  async clusters(runId: string): Promise<ClusterDto[]> {
    const rows = (await this.knex('clusters')
      .select({ id: 'id', runId: 'run_id', label: 'label', representativeTemplateIds: 'representative_template_ids', size: 'size', centroid: 'centroid' })
      .where('run_id', runId)
      .orderBy([{ column: 'size', order: 'desc' }, { column: 'id' }])) as ClusterDto[];
    return rows.map((r) => ({ ...r, centroid: r.centroid?.map(Number) ?? null }));
  }

  /** Members of some clusters of a run (all clusters when `clusterIds` is undefined), closest to the centroid first. */
  async members(runId: string, clusterIds?: readonly string[]): Promise<ClusterMemberView[]> {
    const query = this.memberQuery(runId).whereNotNull('m.cluster_id').orderBy([{ column: 'm.similarity', order: 'desc' }, { column: 'm.template_id' }]);
    if (clusterIds !== undefined) void query.whereIn('m.cluster_id', [...clusterIds]);
    return this.toViews(await query);
  }

  /** Noise templates of a run, most outlying first. */
  async outliers(runId: string, page: { readonly limit: number; readonly offset?: number }): Promise<ClusterMemberView[]> {
    const query = this.memberQuery(runId)
      .whereNull('m.cluster_id')
      .orderBy([{ column: 'm.outlier_score', order: 'desc' }, { column: 'm.template_id' }])
      .limit(page.limit)
      .offset(page.offset ?? 0);
    return this.toViews(await query);
  }

  /** Newest lines of the given templates. */
  async sampleLines(templateIds: readonly string[], limit: number): Promise<ClusterSampleLine[]> {
    if (templateIds.length === 0) return [];
    const rows = (await this.knex('logs')
      .select('id', 'timestamp', 'service', 'level', 'message', 'template_id')
      .whereRaw('template_id = any(?::text[])', [[...templateIds]])
      .orderBy([{ column: 'timestamp', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(limit)) as Array<{ id: string | number; timestamp: Date | string; service: string | null; level: string; message: string; template_id: string }>;
    return rows.map((r) => ({ id: String(r.id), timestamp: asDate(r.timestamp), service: r.service, level: r.level, message: r.message, templateId: r.template_id }));
  }

  private memberQuery(runId: string): Knex.QueryBuilder {
    // Left join: a template row may be gone (pruned) while its membership remains.
    return this.knex('cluster_members as m')
      .leftJoin('templates as t', 't.id', 'm.template_id')
      .select('m.template_id', 't.text', 't.count', 'm.cluster_id', 'm.outlier_score', 'm.nearest_cluster_id', 'm.similarity')
      .where('m.run_id', runId);
  }

  private toViews(rows: unknown): ClusterMemberView[] {
    return (
      rows as Array<{
        template_id: string;
        text: string | null;
        count: string | number | null;
        cluster_id: string | null;
        outlier_score: number;
        nearest_cluster_id: string | null;
        similarity: number | null;
      }>
    ).map((r) => ({
      templateId: r.template_id,
      text: r.text ?? '',
      count: Number(r.count ?? 0),
      clusterId: r.cluster_id,
      outlierScore: Number(r.outlier_score),
      nearestClusterId: r.nearest_cluster_id,
      similarity: r.similarity === null ? null : Number(r.similarity),
    }));
  }
}
