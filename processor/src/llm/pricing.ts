/** USD per one million tokens, input and output. */
export interface ModelPrice {
  readonly inputPerMTok: number;
  readonly outputPerMTok: number;
}

/**
 * List prices of common models (USD per 1M tokens, OpenAI's public price page, late 2025).
 * Matched by longest prefix, so dated snapshots (`gpt-4o-mini-2024-07-18`) find their family.
 */
const PRICES: ReadonlyArray<readonly [string, ModelPrice]> = [
  ['gpt-4o-mini', { inputPerMTok: 0.15, outputPerMTok: 0.6 }],
  ['gpt-4o', { inputPerMTok: 2.5, outputPerMTok: 10 }],
  ['gpt-4.1-nano', { inputPerMTok: 0.1, outputPerMTok: 0.4 }],
  ['gpt-4.1-mini', { inputPerMTok: 0.4, outputPerMTok: 1.6 }],
  ['gpt-4.1', { inputPerMTok: 2, outputPerMTok: 8 }],
  ['gpt-5-nano', { inputPerMTok: 0.05, outputPerMTok: 0.4 }],
  ['gpt-5-mini', { inputPerMTok: 0.25, outputPerMTok: 2 }],
  ['gpt-5', { inputPerMTok: 1.25, outputPerMTok: 10 }],
  ['o4-mini', { inputPerMTok: 1.1, outputPerMTok: 4.4 }],
  ['gpt-3.5-turbo', { inputPerMTok: 0.5, outputPerMTok: 1.5 }],
  ['text-embedding-3-small', { inputPerMTok: 0.02, outputPerMTok: 0 }],
  ['text-embedding-3-large', { inputPerMTok: 0.13, outputPerMTok: 0 }],
  ['text-embedding-ada-002', { inputPerMTok: 0.1, outputPerMTok: 0 }],
];

/**
 * Unknown models (a self-hosted Llama, say) are charged like a mid-range hosted model: the
 * budget must never be bypassed by a name we do not know, and over-estimating is the safe side.
 */
export const UNKNOWN_MODEL_PRICE: ModelPrice = { inputPerMTok: 2.5, outputPerMTok: 10 };

/** The price of `model` (longest matching prefix, else {@link UNKNOWN_MODEL_PRICE}). */
export function priceOf(model: string): ModelPrice {
  let best: readonly [string, ModelPrice] | undefined;
  for (const entry of PRICES) {
    if (model.startsWith(entry[0]) && (best === undefined || entry[0].length > best[0].length)) best = entry;
  }
  return best?.[1] ?? UNKNOWN_MODEL_PRICE;
}

/**
 * Tokens in `text`, estimated before a call without a tokenizer: about 4 characters per token
 * for English, rounded up, plus one per whitespace run so placeholder-heavy log text (many short
 * tokens) is not under-counted.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  const words = text.split(/\s+/).filter((w) => w.length > 0).length;
  return Math.ceil(Math.max(text.length / 4, words * 1.3));
}

/**
 * The price of `model` with the operator's overrides applied: a local model (Ollama, vLLM) costs
 * nothing or its own figure, which no table can know. Unset fields keep the table's price.
 */
export function priceWithOverrides(model: string, overrides: { readonly inputPerMTok?: number | undefined; readonly outputPerMTok?: number | undefined }): ModelPrice {
  const base = priceOf(model);
  return { inputPerMTok: overrides.inputPerMTok ?? base.inputPerMTok, outputPerMTok: overrides.outputPerMTok ?? base.outputPerMTok };
}

/** USD for a number of input and output tokens on `model` (at `price`, by default the table's). */
export function costUsd(model: string, inputTokens: number, outputTokens: number, price: ModelPrice = priceOf(model)): number {
  return (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1_000_000;
}

/** Worst-case estimate of a chat call: the prompt plus the full output allowance (+4 tokens per message). */
export function estimateChatUsd(
  model: string,
  messages: ReadonlyArray<{ readonly content: string }>,
  maxOutputTokens: number,
  price: ModelPrice = priceOf(model),
): { usd: number; tokens: number } {
  const input = messages.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 0);
  return { usd: costUsd(model, input, maxOutputTokens, price), tokens: input + maxOutputTokens };
}
