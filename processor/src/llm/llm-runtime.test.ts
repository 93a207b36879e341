import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { llmConfigFromAppConfig } from './llm-runtime.js';

describe('llmConfigFromAppConfig', () => {
  it('carries the price overrides, cache TTL and batch deadline from the environment', () => {
    const llm = llmConfigFromAppConfig(
      parseConfig({
        LLM_PRICE_INPUT_PER_MTOK: '0',
        LLM_PRICE_OUTPUT_PER_MTOK: '0.5',
        EMBEDDING_PRICE_PER_MTOK: '0',
        LLM_CACHE_TTL_HOURS: '2',
        LLM_BATCH_DEADLINE_MS: '5000',
      }),
    );
    expect(llm).toMatchObject({ priceInputPerMTok: 0, priceOutputPerMTok: 0.5, embeddingPricePerMTok: 0, cacheTtlHours: 2, batchDeadlineMs: 5000 });
  });

  it('leaves prices to the table and states the defaults when nothing is set', () => {
    const llm = llmConfigFromAppConfig(parseConfig({}));
    expect(llm.priceInputPerMTok).toBeUndefined();
    expect(llm.priceOutputPerMTok).toBeUndefined();
    expect(llm.embeddingPricePerMTok).toBeUndefined();
    expect(llm).toMatchObject({ cacheTtlHours: 24, batchDeadlineMs: 30_000, sweepIntervalMs: 60_000, sweepBatchSize: 100 });
  });
});
