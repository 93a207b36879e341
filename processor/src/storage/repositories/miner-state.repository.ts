import type { Knex } from '@mikro-orm/postgresql';
import { asDate, jsonb } from '../sql.js';

/** The `miner_state` table: one JSON snapshot per miner name. */
export class MinerStateRepository {
  constructor(private readonly knex: Knex) {}

  /** The last saved snapshot, or null on a fresh database. */
  async load(name: string): Promise<{ snapshot: unknown; updatedAt: Date } | null> {
    const row = (await this.knex('miner_state').select('snapshot', 'updated_at').where('name', name).first()) as
      | { snapshot: unknown; updated_at: Date }
      | undefined;
    return row ? { snapshot: row.snapshot, updatedAt: asDate(row.updated_at) } : null;
  }

  async save(name: string, snapshot: unknown): Promise<void> {
    await this.knex('miner_state')
      .insert({ name, snapshot: jsonb(snapshot), updated_at: this.knex.fn.now() })
      .onConflict('name')
      .merge(['snapshot', 'updated_at']);
  }
}
