import { randomBytes } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { ApiKeyRepository, hashApiKey, type ApiKeyDto } from './api-key.repository.js';

export const API_KEY_ROLES = ['reader', 'admin'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** A freshly issued key: `key` exists only in this value; the table holds its sha-256. */
export interface IssuedApiKey extends ApiKeyDto {
  readonly key: string;
}

/** `ailog_` + 32 random bytes (base64url): 256 bits, and a prefix secret scanners can match. */
export function generateApiKey(): string {
  return `ailog_${randomBytes(32).toString('base64url')}`;
}

/** Issues API keys; shared by `ailog apikey create` and the API's admin mutation. */
export class ApiKeyIssuerRepository {
  private readonly keys: ApiKeyRepository;

  constructor(knex: Knex) {
    this.keys = new ApiKeyRepository(knex);
  }

  async issue(input: { readonly name: string; readonly role: ApiKeyRole }): Promise<IssuedApiKey> {
    const key = generateApiKey();
    const row = await this.keys.create({ name: input.name, role: input.role, keyHash: hashApiKey(key) });
    return { ...row, key };
  }
}
