import type { Database } from '../storage/index.js';
import { ApiKeyIssuerRepository, type IssuedApiKey } from '../storage/repositories/api-key-issuer.repository.js';

/** Active (unrevoked) API keys in the store. */
export async function countActiveApiKeys(db: Database): Promise<number> {
  const rows: Array<{ count: string | number }> = await db.knex('api_keys').whereNull('revoked_at').count({ count: '*' });
  return Number(rows[0]?.count ?? 0);
}

/**
 * An admin key for a serving session. `ifNoneExists`: only when the store has no active key at
 * all (a first `ailog serve` on the embedded database, where `ailog apikey create` cannot run
 * beside the server because PGlite admits one process). The caller prints `key` once, on stdout,
 * and never logs it; only its hash is stored.
 */
export async function issueSessionKey(db: Database, options: { readonly name: string; readonly ifNoneExists?: boolean }): Promise<IssuedApiKey | null> {
  if (options.ifNoneExists && (await countActiveApiKeys(db)) > 0) return null;
  return new ApiKeyIssuerRepository(db.knex).issue({ name: options.name, role: 'admin' });
}
