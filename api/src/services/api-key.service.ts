import { NotFoundError } from '@ailog/processor';
import { ApiKeyRepository, type Database } from '@ailog/processor/storage/index';
import { ApiKeyIssuerRepository, type IssuedApiKey } from '@ailog/processor/storage/repositories/api-key-issuer.repository';
import { z } from 'zod';
import { ROLES } from '../auth/api-key.auth.js';
import { parseInput } from './validate.js';

export const apiKeyCreateInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
});

/** A freshly created key: `key` is shown once and never stored. */
export type CreatedApiKey = IssuedApiKey;

/** API key management (admin only at the edges; the CLI uses it too). */
export class ApiKeyService {
  private readonly repository: ApiKeyRepository;
  private readonly issuer: ApiKeyIssuerRepository;

  constructor(db: Database) {
    this.repository = new ApiKeyRepository(db.knex);
    this.issuer = new ApiKeyIssuerRepository(db.knex);
  }

  async create(input: z.input<typeof apiKeyCreateInputSchema>): Promise<CreatedApiKey> {
    return this.issuer.issue(parseInput(apiKeyCreateInputSchema, input));
  }

  async revoke(id: string): Promise<void> {
    if (!/^\d{1,18}$/.test(id) || !(await this.repository.revoke(id))) throw new NotFoundError('active api key', id);
  }
}
