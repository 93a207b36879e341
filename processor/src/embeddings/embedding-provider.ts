import { isBudgetRefusal } from '../domain/errors.js';

/**
 * Turns template texts into vectors. Embeddings are computed per template, never per line,
 * so `embed` is called once per distinct template (see `CachedEmbedder`).
 */
export interface EmbeddingProvider {
  readonly name: string;
  readonly model: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** Key of one cached embedding: a template under one provider/model. */
export interface EmbeddingKey {
  readonly templateId: string;
  readonly provider: string;
  readonly model: string;
}

/** Storage for embeddings; the in-memory one below, a database-backed one in storage/. */
export interface EmbeddingCache {
  get(keys: readonly EmbeddingKey[]): Promise<Array<Float32Array | undefined>>;
  set(entries: ReadonlyArray<{ readonly key: EmbeddingKey; readonly vector: Float32Array }>): Promise<void>;
}

function cacheKey(key: EmbeddingKey): string {
  return `${key.provider}\u0000${key.model}\u0000${key.templateId}`;
}

/** Process-local cache; unbounded because it holds one vector per template, not per line. */
export class MemoryEmbeddingCache implements EmbeddingCache {
  private readonly map = new Map<string, Float32Array>();

  get(keys: readonly EmbeddingKey[]): Promise<Array<Float32Array | undefined>> {
    return Promise.resolve(keys.map((k) => this.map.get(cacheKey(k))));
  }

  set(entries: ReadonlyArray<{ readonly key: EmbeddingKey; readonly vector: Float32Array }>): Promise<void> {
    for (const e of entries) this.map.set(cacheKey(e.key), e.vector);
    return Promise.resolve();
  }

  get size(): number {
    return this.map.size;
  }
}

/**
 * Embeds templates through a cache and counts texts actually sent to the provider,
 * which the benchmark reports (goal: one call per distinct template).
 */
export class CachedEmbedder {
  /** Texts sent to the provider so far. */
  embedCalls = 0;
  /** Texts the daily budget refused (left unembedded and retried later). */
  refused = 0;

  constructor(
    readonly provider: EmbeddingProvider,
    private readonly cache: EmbeddingCache = new MemoryEmbeddingCache(),
  ) {}

  /** Vectors for `templates`, in order; only cache misses reach the provider. A refused template gets zeros. */
  async embedTemplates(templates: ReadonlyArray<{ readonly id: string; readonly text: string }>): Promise<Float32Array[]> {
    const vectors = await this.embedAvailable(templates);
    return vectors.map((v) => v ?? new Float32Array(this.provider.dimensions));
  }

  /**
   * Like `embedTemplates`, but a template the budget refused is `undefined` and not cached, so the
   * caller can skip it now and ask again later (the pipeline must not stop when the day's budget is spent).
   */
  async embedAvailable(templates: ReadonlyArray<{ readonly id: string; readonly text: string }>): Promise<Array<Float32Array | undefined>> {
    const keys = templates.map((t) => ({ templateId: t.id, provider: this.provider.name, model: this.provider.model }));
    const cached = await this.cache.get(keys);
    const missing: number[] = [];
    cached.forEach((v, i) => {
      if (v === undefined) missing.push(i);
    });
    if (missing.length === 0) return cached;
    const texts = missing.map((i) => templates[i]?.text ?? '');
    let vectors: Float32Array[];
    try {
      vectors = await this.provider.embed(texts);
    } catch (error) {
      if (!isBudgetRefusal(error)) throw error;
      this.refused += texts.length;
      return cached;
    }
    this.embedCalls += texts.length;
    const entries = missing.map((i, j) => ({ key: keys[i] as EmbeddingKey, vector: vectors[j] as Float32Array }));
    await this.cache.set(entries);
    entries.forEach((e, j) => {
      cached[missing[j] as number] = e.vector;
    });
    return cached;
  }
}

/** Cosine similarity of two vectors of equal length (0 when either is all zeros). */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
