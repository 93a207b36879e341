import { describe, expect, it } from 'vitest';
import { UNKNOWN_MODEL_PRICE, costUsd, estimateChatUsd, estimateTokens, priceOf, priceWithOverrides } from './pricing.js';

describe('pricing', () => {
  it('finds a model family by its longest prefix', () => {
    expect(priceOf('gpt-4o-mini-2024-07-18')).toEqual({ inputPerMTok: 0.15, outputPerMTok: 0.6 });
    expect(priceOf('gpt-4o-2024-08-06')).toEqual({ inputPerMTok: 2.5, outputPerMTok: 10 });
    expect(priceOf('llama3.1:8b')).toBe(UNKNOWN_MODEL_PRICE);
  });

  it('costs input and output tokens per million', () => {
    expect(costUsd('gpt-4o-mini', 1_000_000, 0)).toBeCloseTo(0.15, 10);
    expect(costUsd('gpt-4o-mini', 1000, 500)).toBeCloseTo(0.00015 + 0.0003, 10);
    expect(costUsd('text-embedding-3-small', 1_000_000, 0)).toBeCloseTo(0.02, 10);
  });

  it('estimates tokens from length, and from word count for short placeholder-heavy text', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('a'.repeat(400))).toBe(100);
    // 10 short words: 19 chars / 4 = 5, but 10 words * 1.3 = 13 wins.
    expect(estimateTokens('a b c d e f g h i j')).toBe(13);
  });

  it('estimates a chat call at its prompt plus the whole output allowance', () => {
    const est = estimateChatUsd('gpt-4o-mini', [{ content: 'x'.repeat(400) }, { content: 'y'.repeat(400) }], 400);
    expect(est.tokens).toBe(100 + 4 + 100 + 4 + 400);
    expect(est.usd).toBeCloseTo((208 * 0.15 + 400 * 0.6) / 1e6, 12);
  });

  it('lets the operator price a local model (overrides win, unset fields keep the table)', () => {
    expect(priceWithOverrides('llama3.1:8b', { inputPerMTok: 0, outputPerMTok: 0 })).toEqual({ inputPerMTok: 0, outputPerMTok: 0 });
    expect(priceWithOverrides('gpt-4o-mini', { outputPerMTok: 1 })).toEqual({ inputPerMTok: 0.15, outputPerMTok: 1 });
    const free = priceWithOverrides('llama3.1:8b', { inputPerMTok: 0, outputPerMTok: 0 });
    expect(costUsd('llama3.1:8b', 1_000_000, 1_000_000, free)).toBe(0);
    expect(estimateChatUsd('llama3.1:8b', [{ content: 'x'.repeat(400) }], 400, free).usd).toBe(0);
    // Without an override an unknown model still pays the safe default.
    expect(costUsd('llama3.1:8b', 1_000_000, 0)).toBe(UNKNOWN_MODEL_PRICE.inputPerMTok);
  });
});
