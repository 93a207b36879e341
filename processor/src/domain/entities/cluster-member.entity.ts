import { EntitySchema } from '@mikro-orm/core';

/**
 * One template's place in a clustering run: its cluster, or none (a semantic outlier), with the
 * HDBSCAN outlier score and the closest cluster by centroid similarity. Every template of a run
 * has a row, so a run that found only noise is still the latest run.
 */
export interface ClusterMemberEntity {
  runId: string;
  templateId: string;
  /** Null for noise. */
  clusterId: string | null;
  /** GLOSH-style score in [0,1], higher = more of an outlier. */
  outlierScore: number;
  nearestClusterId: string | null;
  /** Cosine similarity to the nearest cluster's centroid. */
  similarity: number | null;
  createdAt: Date;
}

export const ClusterMemberSchema = new EntitySchema<ClusterMemberEntity>({
  name: 'ClusterMemberEntity',
  tableName: 'cluster_members',
  properties: {
    runId: { type: 'text', primary: true },
    templateId: { type: 'text', primary: true },
    clusterId: { type: 'text', nullable: true },
    outlierScore: { type: 'float', columnType: 'real' },
    nearestClusterId: { type: 'text', nullable: true },
    similarity: { type: 'float', columnType: 'real', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()', index: 'cluster_members_created_at_index' },
  },
  indexes: [{ name: 'cluster_members_run_id_cluster_id_index', properties: ['runId', 'clusterId'] }],
});
