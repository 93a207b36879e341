import OpenAI from 'openai';
import { z } from 'zod';
import { UnavailableError } from '../domain/errors.js';
import type { EmbeddingProvider } from './embedding-provider.js';

/** Config of an OpenAI-compatible embeddings endpoint (OpenAI, vLLM, Ollama, LocalAI...). */
export const openAiEmbeddingConfigSchema = z.object({
  /** API key; local servers usually accept any string. Default `none`. */
  apiKey: z.string().default('none'),
  /** Base URL including `/v1`. Default `https://api.openai.com/v1`. */
  baseURL: z.string().url().default('https://api.openai.com/v1'),
  /** Model name. Default `text-embedding-3-small`. */
  model: z.string().default('text-embedding-3-small'),
  /** Requested output dimensions. Default 256. */
  dimensions: z.number().int().positive().default(256),
  /** Texts per request. Default 256. */
  batchSize: z.number().int().positive().default(256),
  /** Request timeout in ms. Default 30000. */
  timeoutMs: z.number().int().positive().default(30_000),
});
export type OpenAiEmbeddingConfig = z.infer<typeof openAiEmbeddingConfigSchema>;

/** Embeddings from any server speaking the OpenAI `/v1/embeddings` API. */
export class OpenAiEmbeddingProvider implements EmbeddingProvider {
  readonly name = 'openai';
  readonly model: string;
  readonly dimensions: number;
  private readonly client: OpenAI;

  constructor(private readonly config: OpenAiEmbeddingConfig) {
    this.model = config.model;
    this.dimensions = config.dimensions;
    this.client = new OpenAI({ apiKey: config.apiKey, baseURL: config.baseURL, timeout: config.timeoutMs, maxRetries: 2 });
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.config.batchSize) {
      const chunk = texts.slice(i, i + this.config.batchSize);
      try {
        const res = await this.client.embeddings.create({
          model: this.model,
          input: chunk,
          dimensions: this.dimensions,
          encoding_format: 'float',
        });
        const sorted = [...res.data].sort((a, b) => a.index - b.index);
        for (const d of sorted) out.push(Float32Array.from(d.embedding));
      } catch (err) {
        throw new UnavailableError(`embedding request to ${this.config.baseURL} failed`, 'embed', err);
      }
    }
    return out;
  }
}
