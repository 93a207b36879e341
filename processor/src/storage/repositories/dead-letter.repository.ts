import type { Knex } from '@mikro-orm/postgresql';
import type { Stage } from '../../domain/errors.js';
import type { DeadLetter } from '../../pipeline/stage.js';
import { asDate, chunks, pgText, stableKey, toCount } from '../sql.js';

export interface DeadLetterDto extends DeadLetter {
  readonly id: string;
  readonly createdAt: Date;
}

/** Same stage, source, reason and sample ⇒ same dead letter: a replay adds nothing. */
export function deadLetterKey(letter: DeadLetter): string {
  return stableKey([letter.stage, letter.source, letter.reason, letter.sample]);
}

/** The `dead_letters` table. Pass a transaction as `knex` to take part in it. */
export class DeadLetterRepository {
  constructor(
    private readonly knex: Knex,
    private readonly chunkSize = 1000,
  ) {}

  /** Returns how many were written now (duplicates are skipped). */
  async insertMany(letters: readonly DeadLetter[]): Promise<number> {
    let written = 0;
    for (const part of chunks(letters, this.chunkSize)) {
      const rows = part.map((l) => ({
        idempotency_key: deadLetterKey(l),
        stage: l.stage,
        reason: pgText(l.reason),
        source: pgText(l.source),
        sample: pgText(l.sample),
      }));
      const result = (await this.knex('dead_letters').insert(rows).onConflict('idempotency_key').ignore().returning('id')) as unknown[];
      written += result.length;
    }
    return written;
  }

  async count(stage?: Stage): Promise<number> {
    const query = this.knex('dead_letters').count({ count: '*' });
    if (stage) void query.where('stage', stage);
    return toCount((await query)[0]);
  }

  /** Newest first. */
  async list(limit = 100): Promise<DeadLetterDto[]> {
    const rows = (await this.knex('dead_letters')
      .select({ id: 'id', stage: 'stage', reason: 'reason', source: 'source', sample: 'sample', createdAt: 'created_at' })
      .orderBy('id', 'desc')
      .limit(limit)) as Array<DeadLetterDto & { id: string | number }>;
    return rows.map((r) => ({ ...r, id: String(r.id), createdAt: asDate(r.createdAt) }));
  }
}
