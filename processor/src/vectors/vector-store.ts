import { z } from 'zod';

/** Payload values a store can filter on exactly (Qdrant's `match: { value }`). */
export type PayloadValue = string | number | boolean;
export type VectorPayload = Readonly<Record<string, PayloadValue>>;

/** Exact-match conditions on payload keys; all must hold. */
export type VectorFilter = Readonly<Record<string, PayloadValue>>;

/** One nearest neighbour: `score` is the cosine similarity in [-1, 1], higher = closer. */
export interface VectorHit {
  readonly id: string;
  readonly score: number;
  readonly payload: VectorPayload;
}

/** A stored point as read back. */
export interface StoredVector {
  readonly id: string;
  readonly vector: Float32Array;
  readonly payload: VectorPayload;
}

/** Options of a nearest-neighbour search. */
export interface VectorSearchOptions {
  readonly filter?: VectorFilter;
  /** Hits below this cosine similarity are left out. */
  readonly minScore?: number;
}

/**
 * Template embeddings by id, searched by cosine similarity. Implementations: the embedded
 * in-process index (default) and Qdrant. Every write is idempotent: upserting the same id
 * again replaces the point, so replays and start-up reloads are harmless.
 */
export interface VectorStore {
  readonly kind: 'embedded' | 'qdrant';
  upsert(points: ReadonlyArray<{ readonly id: string; readonly vector: Float32Array; readonly payload?: VectorPayload }>): Promise<void>;
  /** The `k` most similar points, best first. */
  search(vector: Float32Array, k: number, options?: VectorSearchOptions): Promise<VectorHit[]>;
  /** The points that exist among `ids` (missing ids are absent, not errors). */
  get(ids: readonly string[]): Promise<StoredVector[]>;
  delete(ids: readonly string[]): Promise<void>;
  count(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The `vectorStore` config section. Without `qdrantUrl` the embedded index is used, rebuilt
 * at start-up from the embedding cache in PostgreSQL (the vectors are persisted there anyway).
 */
export const vectorStoreConfigSchema = z.object({
  /** Qdrant REST endpoint, e.g. http://localhost:6333. Unset = embedded index (default). */
  qdrantUrl: z.url().optional(),
  qdrantApiKey: z.string().min(1).optional(),
  /** Collection holding template vectors; the vector size is appended so providers never mix. Default `ailog_templates`. */
  qdrantCollection: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/).default('ailog_templates'),
  /** Per-request timeout towards Qdrant in ms. Default 10000. */
  qdrantTimeoutMs: z.number().int().positive().default(10_000),
});
export type VectorStoreConfig = z.infer<typeof vectorStoreConfigSchema>;
export type VectorStoreConfigInput = z.input<typeof vectorStoreConfigSchema>;

/** Unit-length copy of `v` (all-zero stays all-zero), so a dot product is the cosine. */
export function normalized(v: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += (v[i] as number) * (v[i] as number);
  const out = new Float32Array(v.length);
  if (norm === 0) return out;
  const inv = 1 / Math.sqrt(norm);
  for (let i = 0; i < v.length; i++) out[i] = (v[i] as number) * inv;
  return out;
}

export function matchesFilter(payload: VectorPayload, filter: VectorFilter | undefined): boolean {
  if (filter === undefined) return true;
  return Object.entries(filter).every(([key, value]) => payload[key] === value);
}
