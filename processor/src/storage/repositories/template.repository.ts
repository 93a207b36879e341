import type { Knex } from '@mikro-orm/postgresql';
import { asDate, chunks, inKeyOrder, toCount } from '../sql.js';

/** Seen-counts of one template within a batch: what the upsert adds. */
export interface TemplateSighting {
  readonly id: string;
  readonly text: string;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  /** Lines actually stored in this batch (replays excluded), so counts are never inflated. */
  readonly count: number;
  readonly services: readonly string[];
}

export interface TemplateDto {
  readonly id: string;
  readonly text: string;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
  readonly count: number;
  readonly embedding: number[] | null;
  readonly clusterId: string | null;
  readonly muted: boolean;
  readonly services: string[];
}

const COLUMNS = {
  id: 'id',
  text: 'text',
  firstSeen: 'first_seen',
  lastSeen: 'last_seen',
  count: 'count',
  embedding: 'embedding',
  clusterId: 'cluster_id',
  muted: 'muted',
  services: 'services',
} as const;

function toDto(row: TemplateDto & { count: string | number }): TemplateDto {
  return { ...row, count: Number(row.count), firstSeen: asDate(row.firstSeen), lastSeen: asDate(row.lastSeen) };
}

/** The `templates` and `template_aliases` tables. Pass a transaction as `knex` to take part in it. */
export class TemplateRepository {
  constructor(
    private readonly knex: Knex,
    private readonly chunkSize = 1000,
  ) {}

  /** Inserts new templates, or adds `count`, widens first/last seen and merges services of known ones. */
  async upsertSightings(sightings: readonly TemplateSighting[]): Promise<void> {
    for (const part of chunks(inKeyOrder(sightings, (s) => s.id), this.chunkSize)) {
      const rows = part.map((s) => ({
        id: s.id,
        text: s.text,
        first_seen: s.firstSeen,
        last_seen: s.lastSeen,
        count: s.count,
        services: [...new Set(s.services)].sort(),
      }));
      await this.knex('templates')
        .insert(rows)
        .onConflict('id')
        .merge({
          text: this.knex.raw('excluded.text'),
          count: this.knex.raw('templates.count + excluded.count'),
          first_seen: this.knex.raw('least(templates.first_seen, excluded.first_seen)'),
          last_seen: this.knex.raw('greatest(templates.last_seen, excluded.last_seen)'),
          services: this.knex.raw(
            'array(select distinct s from unnest(templates.services || excluded.services) as s order by s)',
          ),
        });
    }
  }

  async get(id: string): Promise<TemplateDto | null> {
    const row = (await this.knex('templates').select(COLUMNS).where('id', id).first()) as
      | (TemplateDto & { count: string })
      | undefined;
    return row ? toDto(row) : null;
  }

  /** Most recently seen first. */
  async list(options: { readonly limit?: number; readonly offset?: number } = {}): Promise<TemplateDto[]> {
    const rows = (await this.knex('templates')
      .select(COLUMNS)
      .orderBy([{ column: 'last_seen', order: 'desc' }, { column: 'id' }])
      .limit(options.limit ?? 100)
      .offset(options.offset ?? 0)) as Array<TemplateDto & { count: string }>;
    return rows.map(toDto);
  }

  async count(): Promise<number> {
    return toCount((await this.knex('templates').count({ count: '*' }))[0]);
  }

  async setMuted(id: string, muted: boolean): Promise<boolean> {
    return (await this.knex('templates').where('id', id).update({ muted })) > 0;
  }

  async setEmbedding(id: string, embedding: readonly number[] | null): Promise<void> {
    await this.knex('templates')
      .where('id', id)
      .update({ embedding: embedding ? [...embedding] : null });
  }

  /** Records that `oldId` now means `newId` (a merge or a re-derived id); re-pointing is allowed. */
  async addAlias(oldId: string, newId: string): Promise<void> {
    await this.addAliases([{ from: oldId, to: newId }]);
  }

  /** Bulk `addAlias`; when one batch re-points an id twice, the last mapping wins. */
  async addAliases(aliases: ReadonlyArray<{ readonly from: string; readonly to: string }>): Promise<void> {
    // One INSERT ... ON CONFLICT DO UPDATE may not touch a row twice: collapse duplicates first.
    const latest = new Map<string, string>();
    for (const alias of aliases) if (alias.from !== alias.to) latest.set(alias.from, alias.to);
    for (const part of chunks(inKeyOrder([...latest], ([from]) => from), this.chunkSize)) {
      await this.knex('template_aliases')
        .insert(part.map(([from, to]) => ({ old_id: from, new_id: to })))
        .onConflict('old_id')
        .merge(['new_id']);
    }
  }

  /** Follows aliases (bounded, in case of a cycle) to the current id. */
  async resolveId(id: string): Promise<string> {
    let current = id;
    for (let hops = 0; hops < 16; hops++) {
      const row = (await this.knex('template_aliases').select('new_id').where('old_id', current).first()) as
        | { new_id: string }
        | undefined;
      if (!row || row.new_id === current) return current;
      current = row.new_id;
    }
    return current;
  }
}
