import type { CachedEmbedder } from '../embeddings/index.js';
import type { Batch, Processor } from '../pipeline/stage.js';
import type { VectorStore } from '../vectors/index.js';

/**
 * The embed stage: one embedding per distinct template, never per line. A batch of 1000 lines
 * usually holds a handful of templates, and only those the cache has never seen reach the
 * provider; later stages (detect, clustering, search) read the same cache.
 */
export class EmbedProcessor implements Processor {
  readonly stage = 'embed' as const;
  /** Templates embedded or found in the cache by this stage, so each is asked for once per process. */
  private readonly known = new Set<string>();

  /** `vectors`, when given, receives each template vector so semantic search and clustering see it. */
  constructor(
    private readonly embedder: CachedEmbedder,
    private readonly vectors?: VectorStore,
  ) {}

  async process(batch: Batch): Promise<void> {
    const fresh = new Map<string, string>();
    for (const { template } of batch.records) {
      if (template === undefined || this.known.has(template.id)) continue;
      fresh.set(template.id, template.text);
    }
    if (fresh.size === 0) return;
    const templates = [...fresh].map(([id, text]) => ({ id, text }));
    const vectors = await this.embedder.embedAvailable(templates);
    // A template the daily budget refused stays unknown, so a later batch asks again.
    const embedded = templates.flatMap((t, i) => {
      const vector = vectors[i];
      return vector === undefined ? [] : [{ id: t.id, vector }];
    });
    // Upserts are idempotent, so templates the store already holds (after a restart) cost nothing but a write.
    if (embedded.length > 0) await this.vectors?.upsert(embedded);
    for (const { id } of embedded) this.known.add(id);
  }

  /** Templates left unembedded because the daily budget refused them (retried later). */
  get refused(): number {
    return this.embedder.refused;
  }

  /** Provider calls so far (texts sent), for the benchmark and metrics. */
  get providerCalls(): number {
    return this.embedder.embedCalls;
  }
}
