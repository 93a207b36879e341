import { BadInputError } from '../domain/errors.js';
import {
  matchesFilter,
  normalized,
  type StoredVector,
  type VectorHit,
  type VectorPayload,
  type VectorSearchOptions,
  type VectorStore,
} from './vector-store.js';

/**
 * The default vector store: an exact cosine index in process memory. Templates number in the
 * thousands, so a linear scan over unit vectors in one Float32Array (a dot product per template)
 * is a few milliseconds and needs no approximate index. Nothing is persisted here: the vectors
 * live in PostgreSQL's embedding cache and `VectorIndexLoader` reloads them at start-up.
 */
export class EmbeddedVectorStore implements VectorStore {
  readonly kind = 'embedded' as const;
  private dims: number | undefined;
  private matrix = new Float32Array(0);
  private ids: string[] = [];
  private payloads: VectorPayload[] = [];
  private readonly slot = new Map<string, number>();

  /** `dimensions` may be left out: the first upsert fixes it. */
  constructor(dimensions?: number) {
    this.dims = dimensions;
  }

  upsert(points: ReadonlyArray<{ readonly id: string; readonly vector: Float32Array; readonly payload?: VectorPayload }>): Promise<void> {
    return settle(() => this.upsertNow(points));
  }

  search(vector: Float32Array, k: number, options: VectorSearchOptions = {}): Promise<VectorHit[]> {
    return settle(() => this.searchNow(vector, k, options));
  }

  private upsertNow(points: ReadonlyArray<{ readonly id: string; readonly vector: Float32Array; readonly payload?: VectorPayload }>): void {
    for (const p of points) this.checkDims(p.vector, 'embed');
    for (const point of points) {
      const d = this.dims as number;
      let at = this.slot.get(point.id);
      if (at === undefined) {
        at = this.ids.length;
        this.ensureCapacity(at + 1, d);
        this.ids.push(point.id);
        this.payloads.push({});
        this.slot.set(point.id, at);
      }
      this.matrix.set(normalized(point.vector), at * d);
      this.payloads[at] = { ...point.payload };
    }
  }

  private searchNow(vector: Float32Array, k: number, options: VectorSearchOptions): VectorHit[] {
    if (this.ids.length === 0 || k <= 0) return [];
    this.checkDims(vector, 'api');
    const q = normalized(vector);
    const d = this.dims as number;
    const minScore = options.minScore ?? -Infinity;
    const top: Array<{ at: number; score: number }> = [];
    for (let at = 0; at < this.ids.length; at++) {
      const score = dot(this.matrix, at * d, q);
      if (score < minScore) continue;
      if (top.length === k && score <= (top[k - 1] as { score: number }).score) continue;
      if (!matchesFilter(this.payloads[at] as VectorPayload, options.filter)) continue;
      insertSorted(top, { at, score }, k);
    }
    return top.map(({ at, score }) => ({ id: this.ids[at] as string, score, payload: this.payloads[at] as VectorPayload }));
  }

  get(ids: readonly string[]): Promise<StoredVector[]> {
    const d = this.dims ?? 0;
    const found: StoredVector[] = [];
    for (const id of ids) {
      const at = this.slot.get(id);
      if (at === undefined) continue;
      found.push({ id, vector: this.matrix.slice(at * d, (at + 1) * d), payload: this.payloads[at] as VectorPayload });
    }
    return Promise.resolve(found);
  }

  delete(ids: readonly string[]): Promise<void> {
    const d = this.dims ?? 0;
    for (const id of ids) {
      const at = this.slot.get(id);
      if (at === undefined) continue;
      // Swap with the last point so the matrix stays dense.
      const last = this.ids.length - 1;
      if (at !== last) {
        const lastId = this.ids[last] as string;
        this.matrix.copyWithin(at * d, last * d, (last + 1) * d);
        this.ids[at] = lastId;
        this.payloads[at] = this.payloads[last] as VectorPayload;
        this.slot.set(lastId, at);
      }
      this.ids.pop();
      this.payloads.pop();
      this.slot.delete(id);
    }
    return Promise.resolve();
  }

  count(): Promise<number> {
    return Promise.resolve(this.ids.length);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private checkDims(vector: Float32Array, stage: 'embed' | 'api'): void {
    this.dims ??= vector.length;
    if (vector.length !== this.dims || vector.length === 0) {
      throw new BadInputError(`vector has ${vector.length} dimensions, the store holds ${this.dims}`, stage);
    }
  }

  private ensureCapacity(points: number, d: number): void {
    if (this.matrix.length >= points * d) return;
    // Doubling keeps start-up reloads of thousands of templates to a handful of copies.
    const grown = new Float32Array(Math.max(points, 64, this.ids.length * 2) * d);
    grown.set(this.matrix);
    this.matrix = grown;
  }
}

/** Runs synchronous work so its throws become rejections, as callers of an async store expect. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function dot(matrix: Float32Array, offset: number, q: Float32Array): number {
  let s = 0;
  for (let i = 0; i < q.length; i++) s += (matrix[offset + i] as number) * (q[i] as number);
  return s;
}

function insertSorted(top: Array<{ at: number; score: number }>, hit: { at: number; score: number }, k: number): void {
  let i = top.length;
  while (i > 0 && (top[i - 1] as { score: number }).score < hit.score) i--;
  top.splice(i, 0, hit);
  if (top.length > k) top.pop();
}
