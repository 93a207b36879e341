import { NotFoundError } from '@ailog/processor';
import type { AnomalyDto } from '@ailog/processor/storage/index';
import type { Database } from '@ailog/processor/storage/index';
import { ANOMALY_SORTS, AnomalyQueryRepository } from '@ailog/processor/storage/repositories/anomaly-query.repository';
import { z } from 'zod';
import { MAX_PAGE } from './log.service.js';
import { parseInput } from './validate.js';

export const anomalyListInputSchema = z.object({
  service: z.string().max(200).optional(),
  method: z.string().max(100).optional(),
  scope: z.string().max(50).optional(),
  status: z.string().max(50).optional(),
  templateId: z.string().max(200).optional(),
  minScore: z.number().min(0).max(1).optional(),
  onlyAnomalies: z.boolean().default(true),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  sort: z.enum(ANOMALY_SORTS).default('time'),
  limit: z.number().int().min(1).max(MAX_PAGE).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export type AnomalyListInput = z.input<typeof anomalyListInputSchema>;

export interface AnomalyListResult {
  readonly items: AnomalyDto[];
  readonly total: number;
  readonly hasMore: boolean;
}

/** Anomaly listing and lookup for GraphQL and REST alike. */
export class AnomalyService {
  private readonly repository: AnomalyQueryRepository;

  constructor(db: Database) {
    this.repository = new AnomalyQueryRepository(db.knex);
  }

  async list(input: AnomalyListInput): Promise<AnomalyListResult> {
    const { sort, limit, offset, ...raw } = parseInput(anomalyListInputSchema, input);
    const filter = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
    const [items, total] = await Promise.all([this.repository.list(filter, { sort, limit, offset }), this.repository.count(filter)]);
    return { items, total, hasMore: offset + items.length < total };
  }

  async get(id: string): Promise<AnomalyDto> {
    const row = await this.repository.get(id);
    if (!row) throw new NotFoundError('anomaly', id);
    return row;
  }
}
