export type { EmbeddingProvider, EmbeddingCache, EmbeddingKey } from './embedding-provider.js';
export { MemoryEmbeddingCache, CachedEmbedder, cosine } from './embedding-provider.js';
export { GloveProvider, gloveConfigSchema, type GloveConfig } from './glove.provider.js';
export { OpenAiEmbeddingProvider, openAiEmbeddingConfigSchema, type OpenAiEmbeddingConfig } from './openai.provider.js';
export { tokenizeTemplate } from './tokenize.js';
export { loadWordVectors, type WordVectors } from './word-vectors.js';
