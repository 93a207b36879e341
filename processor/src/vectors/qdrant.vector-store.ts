import { createHash } from 'node:crypto';
import { QdrantClient } from '@qdrant/js-client-rest';
import { AppError, UnavailableError, type Stage } from '../domain/errors.js';
import type { StoredVector, VectorFilter, VectorHit, VectorPayload, VectorSearchOptions, VectorStore } from './vector-store.js';

/** Payload key holding our own id: Qdrant point ids must be unsigned integers or UUIDs. */
export const QDRANT_ID_KEY = 'ailog_id';

/** Deterministic UUID (sha-256 based, version nibble 5) for an arbitrary id, so upserts are idempotent. */
export function qdrantPointId(id: string): string {
  const h = createHash('sha256').update(id, 'utf8').digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Qdrant's filter for exact payload matches. */
export function qdrantFilter(filter: VectorFilter | undefined): { must: Array<{ key: string; match: { value: string | number | boolean } }> } | undefined {
  if (filter === undefined || Object.keys(filter).length === 0) return undefined;
  return { must: Object.entries(filter).map(([key, value]) => ({ key, match: { value } })) };
}

export interface QdrantStoreOptions {
  readonly url: string;
  readonly apiKey?: string;
  readonly collection: string;
  readonly dimensions: number;
  readonly timeoutMs: number;
}

type RawPayload = Record<string, unknown> | null | undefined;

/**
 * Vector store on a Qdrant server (`@qdrant/js-client-rest`). The collection is created on first
 * use with cosine distance and the provider's vector size; an existing collection of another size
 * is a configuration error rather than silently mixed vectors.
 */
export class QdrantVectorStore implements VectorStore {
  readonly kind = 'qdrant' as const;
  private readonly client: QdrantClient;
  private ready: Promise<void> | undefined;

  constructor(private readonly options: QdrantStoreOptions) {
    // checkCompatibility would issue a request from the constructor; `ensureCollection` talks first instead.
    this.client = new QdrantClient({ url: options.url, apiKey: options.apiKey, timeout: options.timeoutMs, checkCompatibility: false });
  }

  async upsert(points: ReadonlyArray<{ readonly id: string; readonly vector: Float32Array; readonly payload?: VectorPayload }>): Promise<void> {
    if (points.length === 0) return;
    await this.call('embed', async () => {
      await this.client.upsert(this.options.collection, {
        wait: true,
        points: points.map((p) => ({
          id: qdrantPointId(p.id),
          vector: Array.from(p.vector),
          payload: { ...p.payload, [QDRANT_ID_KEY]: p.id },
        })),
      });
    });
  }

  search(vector: Float32Array, k: number, options: VectorSearchOptions = {}): Promise<VectorHit[]> {
    return this.call('api', async () => {
      const res = await this.client.query(this.options.collection, {
        query: Array.from(vector),
        limit: k,
        filter: qdrantFilter(options.filter),
        score_threshold: options.minScore,
        with_payload: true,
      });
      return res.points.map((p) => ({ ...fromPayload(p.payload, String(p.id)), score: p.score }));
    });
  }

  get(ids: readonly string[]): Promise<StoredVector[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.call('api', async () => {
      const points = await this.client.retrieve(this.options.collection, {
        ids: ids.map(qdrantPointId),
        with_payload: true,
        with_vector: true,
      });
      return points.map((p) => ({
        ...fromPayload(p.payload, String(p.id)),
        vector: Float32Array.from(Array.isArray(p.vector) ? (p.vector as number[]) : []),
      }));
    });
  }

  async delete(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.call('api', async () => {
      await this.client.delete(this.options.collection, { wait: true, points: ids.map(qdrantPointId) });
    });
  }

  count(): Promise<number> {
    return this.call('api', async () => (await this.client.count(this.options.collection, { exact: true })).count);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Creates the collection once (idempotent across replicas), then runs `fn`; transport failures are retriable. */
  private async call<T>(stage: Stage, fn: () => Promise<T>): Promise<T> {
    this.ready ??= this.ensureCollection().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    try {
      await this.ready;
      return await fn();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new UnavailableError(`qdrant ${this.options.url}: ${(error as Error).message}`, stage, error);
    }
  }

  private async ensureCollection(): Promise<void> {
    const { collection, dimensions } = this.options;
    const { exists } = await this.client.collectionExists(collection);
    if (!exists) {
      try {
        await this.client.createCollection(collection, { vectors: { size: dimensions, distance: 'Cosine' } });
      } catch (error) {
        // Another replica may have created it in between; the check below decides.
        if (!(await this.client.collectionExists(collection)).exists) throw error;
      }
    }
    const info = await this.client.getCollection(collection);
    const vectors = info.config.params.vectors as { size?: number; distance?: string } | undefined;
    if (vectors?.size !== dimensions || vectors.distance !== 'Cosine') {
      throw new AppError(
        `qdrant collection ${collection} holds ${vectors?.size ?? '?'}-d ${vectors?.distance ?? '?'} vectors, need ${dimensions}-d Cosine`,
        { stage: 'config', code: 'CONFIG_INVALID' },
      );
    }
  }
}

function fromPayload(raw: RawPayload, pointId: string): { id: string; payload: VectorPayload } {
  const payload: Record<string, string | number | boolean> = {};
  let id = pointId;
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (key === QDRANT_ID_KEY && typeof value === 'string') id = value;
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') payload[key] = value;
  }
  return { id, payload };
}
