import type { Database } from '@ailog/processor/storage/index';
import {
  TemplateStatsRepository,
  type StoreStats,
  type TemplateStatsView,
} from '@ailog/processor/storage/repositories/template-stats.repository';
import { z } from 'zod';
import { MAX_PAGE } from './log.service.js';
import { parseInput } from './validate.js';

export const templateListInputSchema = z.object({
  service: z.string().max(200).optional(),
  contains: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(MAX_PAGE).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export type TemplateListInput = z.input<typeof templateListInputSchema>;

export interface TemplateListResult {
  readonly items: TemplateStatsView[];
  readonly total: number;
  readonly hasMore: boolean;
}

/** Template counts and store-wide statistics for GraphQL and REST alike. */
export class TemplateService {
  private readonly repository: TemplateStatsRepository;

  constructor(db: Database) {
    this.repository = new TemplateStatsRepository(db.knex);
  }

  async list(input: TemplateListInput): Promise<TemplateListResult> {
    const { limit, offset, service, contains } = parseInput(templateListInputSchema, input);
    const filter = { ...(service !== undefined && { service }), ...(contains !== undefined && { contains }) };
    const [items, total] = await Promise.all([this.repository.list(filter, { limit, offset }), this.repository.count(filter)]);
    return { items, total, hasMore: offset + items.length < total };
  }

  stats(): Promise<StoreStats> {
    return this.repository.storeStats();
  }
}
