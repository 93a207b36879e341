import type { EmbeddingProvider } from '../embeddings/embedding-provider.js';
import type { BudgetGuard } from './budget-guard.js';
import { costUsd, estimateTokens } from './pricing.js';

/**
 * A paid embedding provider behind the daily budget: each `embed` call is booked at its
 * estimated token cost first and refused with `BudgetExceededError` when it would not fit.
 * The inner provider reports no usage, so the estimate stands as the recorded cost.
 * `pricePerMTok` overrides the price table (a self-hosted embedding model).
 */
export class BudgetedEmbeddingProvider implements EmbeddingProvider {
  readonly name: string;
  readonly model: string;
  readonly dimensions: number;

  constructor(
    private readonly inner: EmbeddingProvider,
    private readonly budget: BudgetGuard,
    /** USD per 1M tokens overriding the price table (`EMBEDDING_PRICE_PER_MTOK`). */
    private readonly pricePerMTok?: number,
  ) {
    this.name = inner.name;
    this.model = inner.model;
    this.dimensions = inner.dimensions;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const tokens = texts.reduce((sum, t) => sum + estimateTokens(t), 0);
    const usd = costUsd(this.model, tokens, 0, this.pricePerMTok === undefined ? undefined : { inputPerMTok: this.pricePerMTok, outputPerMTok: 0 });
    return this.budget.run({ kind: 'embedding', model: this.model, usd, tokens }, async () => ({ value: await this.inner.embed(texts) }));
  }
}
