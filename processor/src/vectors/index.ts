export {
  vectorStoreConfigSchema,
  normalized,
  type PayloadValue,
  type StoredVector,
  type VectorFilter,
  type VectorHit,
  type VectorPayload,
  type VectorSearchOptions,
  type VectorStore,
  type VectorStoreConfig,
  type VectorStoreConfigInput,
} from './vector-store.js';
export { EmbeddedVectorStore } from './embedded.vector-store.js';
export { QdrantVectorStore, qdrantPointId, qdrantFilter, QDRANT_ID_KEY, type QdrantStoreOptions } from './qdrant.vector-store.js';
export { VectorIndexLoader, type EmbeddingSpaceKey, type VectorIndexLoaderOptions } from './vector-index-loader.js';
export { createVectorStore, collectionName, type VectorSpace } from './vector-store.factory.js';
