import { ArrayType, EntitySchema } from '@mikro-orm/core';

/** One cluster of templates from a clustering run; ids are unique within a run (PK run_id, id). */
export interface ClusterEntity {
  id: string;
  runId: string;
  label: string | null;
  representativeTemplateIds: string[];
  size: number;
  centroid: number[] | null;
  createdAt: Date;
}

export const ClusterSchema = new EntitySchema<ClusterEntity>({
  name: 'ClusterEntity',
  tableName: 'clusters',
  properties: {
    runId: { type: 'text', primary: true },
    id: { type: 'text', primary: true },
    label: { type: 'text', nullable: true },
    representativeTemplateIds: { type: new ArrayType(), columnType: 'text[]', defaultRaw: "'{}'" },
    size: { type: 'integer' },
    centroid: { type: new ArrayType<number>(Number), columnType: 'float4[]', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});
