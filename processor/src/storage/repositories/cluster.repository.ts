import type { Knex } from '@mikro-orm/postgresql';
import { chunks } from '../sql.js';

export interface ClusterDto {
  readonly id: string;
  readonly runId: string;
  readonly label: string | null;
  readonly representativeTemplateIds: string[];
  readonly size: number;
  readonly centroid: number[] | null;
}

/** The `clusters` table: each clustering run writes its clusters under a run id. */
export class ClusterRepository {
  constructor(
    private readonly knex: Knex,
    private readonly chunkSize = 500,
  ) {}

  /** Writes a run's clusters; re-saving the same run replaces it, so a retried run is harmless. */
  async saveRun(runId: string, clusters: ReadonlyArray<Omit<ClusterDto, 'runId'>>): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx('clusters').where('run_id', runId).delete();
      for (const part of chunks(clusters, this.chunkSize)) {
        await trx('clusters').insert(
          part.map((c) => ({
            id: c.id,
            run_id: runId,
            label: c.label,
            representative_template_ids: [...c.representativeTemplateIds],
            size: c.size,
            centroid: c.centroid ? [...c.centroid] : null,
          })),
        );
      }
    });
  }

  /** Clusters of the newest run, largest first. */
  async latestRun(): Promise<ClusterDto[]> {
    const latest = this.knex('clusters').select('run_id').orderBy('created_at', 'desc').limit(1);
    const rows = (await this.knex('clusters')
      .select({
        id: 'id',
        runId: 'run_id',
        label: 'label',
        representativeTemplateIds: 'representative_template_ids',
        size: 'size',
        centroid: 'centroid',
      })
      .whereIn('run_id', latest)
      .orderBy([{ column: 'size', order: 'desc' }, { column: 'id' }])) as ClusterDto[];
    return rows;
  }
}
