import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { asDate, asNullableDate } from '../sql.js';

export interface ApiKeyDto {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

/** sha256 hex of the plain key; only this is stored. */
export function hashApiKey(plainKey: string): string {
  return createHash('sha256').update(plainKey).digest('hex');
}

const COLUMNS = { id: 'id', name: 'name', role: 'role', createdAt: 'created_at', revokedAt: 'revoked_at' } as const;

/** The `api_keys` table. */
export class ApiKeyRepository {
  constructor(private readonly knex: Knex) {}

  async create(input: { readonly name: string; readonly role: string; readonly keyHash: string }): Promise<ApiKeyDto> {
    const [row]: Array<{
      id: string | number;
      name: string;
      role: string;
      created_at: Date | string;
      revoked_at: Date | string | null;
    }> = await this.knex('api_keys')
      .insert({ name: input.name, role: input.role, key_hash: input.keyHash })
      .returning(['id', 'name', 'role', 'created_at', 'revoked_at']);
    if (!row) throw new Error('insert into api_keys returned no row');
    return { id: String(row.id), name: row.name, role: row.role, createdAt: asDate(row.created_at), revokedAt: asNullableDate(row.revoked_at) };
  }

  /** The active (not revoked) key with this hash, or null. */
  async findActiveByHash(keyHash: string): Promise<ApiKeyDto | null> {
    const row = (await this.knex('api_keys').select(COLUMNS).where('key_hash', keyHash).whereNull('revoked_at').first()) as
      | (ApiKeyDto & { id: string | number })
      | undefined;
    return row ? { ...row, id: String(row.id), createdAt: asDate(row.createdAt), revokedAt: asNullableDate(row.revokedAt) } : null;
  }

  async revoke(id: string): Promise<boolean> {
    return (await this.knex('api_keys').where('id', id).whereNull('revoked_at').update({ revoked_at: this.knex.fn.now() })) > 0;
  }
}
