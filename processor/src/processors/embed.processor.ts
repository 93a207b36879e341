import type { CachedEmbedder } from '../embeddings/index.js';
import type { Batch, Processor } from '../pipeline/stage.js';

/**
 * The embed stage: one embedding per distinct template, never per line. A batch of 1000 lines
 * usually holds a handful of templates, and only those the cache has never seen reach the
 * provider; later stages (detect, clustering, search) read the same cache.
 */
export class EmbedProcessor implements Processor {
  readonly stage = 'embed' as const;
  /** Templates embedded or found in the cache by this stage, so each is asked for once per process. */
  private readonly known = new Set<string>();

  constructor(private readonly embedder: CachedEmbedder) {}

  async process(batch: Batch): Promise<void> {
    const fresh = new Map<string, string>();
    for (const { template } of batch.records) {
      if (template === undefined || this.known.has(template.id)) continue;
      fresh.set(template.id, template.text);
    }
    if (fresh.size === 0) return;
    await this.embedder.embedTemplates([...fresh].map(([id, text]) => ({ id, text })));
    for (const id of fresh.keys()) this.known.add(id);
  }

  /** Provider calls so far (texts sent), for the benchmark and metrics. */
  get providerCalls(): number {
    return this.embedder.embedCalls;
  }
}
