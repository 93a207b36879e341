import { ApiKeyRepository, hashApiKey, type Database } from '@ailog/processor/storage/index';
import { ForbiddenError, UnauthenticatedError } from '../errors/api-errors.js';

export const ROLES = ['reader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the API key that authenticated the request. */
export interface Principal {
  readonly keyId: string;
  readonly name: string;
  readonly role: Role;
}

/** Raw header values, as node gives them. */
export type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The key from `Authorization: Bearer <key>` or `X-API-Key: <key>` (header names are lower-case in node). */
export function keyFromHeaders(headers: HeaderBag): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(first(headers.authorization) ?? '');
  return bearer?.[1] ?? first(headers['x-api-key'])?.trim() ?? undefined;
}

/** Throws ForbiddenError unless the principal holds `role` (admin holds every role). */
export function requireRole(principal: Principal, role: Role): void {
  if (principal.role !== 'admin' && principal.role !== role) throw new ForbiddenError(`this operation needs the ${role} role`);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Verifies API keys against their sha-256 hashes in `api_keys`. Verified keys are cached for
 * `ttlMs` so each request does not cost a query; a revocation therefore takes effect within ttlMs.
 */
export class ApiKeyAuthenticator {
  private readonly repository: ApiKeyRepository;
  private readonly cache = new Map<string, { principal: Principal; expires: number }>();

  constructor(
    db: Database,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.repository = new ApiKeyRepository(db.knex);
  }

  async authenticate(key: string | undefined): Promise<Principal> {
    if (!key) throw new UnauthenticatedError();
    const hash = hashApiKey(key);
    const cached = this.cache.get(hash);
    if (cached && cached.expires > this.now()) return cached.principal;
    this.cache.delete(hash);
    const row = await this.repository.findActiveByHash(hash);
    if (!row || !isRole(row.role)) throw new UnauthenticatedError('unknown or revoked API key');
    const principal: Principal = { keyId: row.id, name: row.name, role: row.role };
    if (this.ttlMs > 0) this.cache.set(hash, { principal, expires: this.now() + this.ttlMs });
    return principal;
  }
}
