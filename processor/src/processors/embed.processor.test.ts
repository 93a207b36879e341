import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../domain/log-record.js';
import { CachedEmbedder, MemoryEmbeddingCache, type EmbeddingProvider } from '../embeddings/index.js';
import { toPipelineRecords } from '../pipeline/pipeline.js';
import { emptyBatch, type Batch } from '../pipeline/stage.js';
import { EmbeddedVectorStore } from '../vectors/index.js';
import { EmbedProcessor } from './embed.processor.js';

/** A deterministic provider that records what it was asked to embed. */
class RecordingProvider implements EmbeddingProvider {
  readonly name = 'recording';
  readonly model = 'len-2d';
  readonly dimensions = 2;
  readonly asked: string[] = [];
  embed(texts: string[]): Promise<Float32Array[]> {
    this.asked.push(...texts);
    return Promise.resolve(texts.map((t) => Float32Array.of(t.length, 1)));
  }
}

function batchOf(templates: ReadonlyArray<[string, string]>): Batch {
  const records: LogRecord[] = templates.map(([, text], i) => ({
    timestamp: null,
    observedAt: new Date(0),
    service: null,
    severity: 'INFO',
    message: text,
    attributes: {},
    traceId: null,
    spanId: null,
    source: { receiver: 'file', stream: 'x', position: i + 1 },
  }));
  const batch = emptyBatch(toPipelineRecords(records));
  batch.records.forEach((r, i) => {
    const [id, text] = templates[i] ?? ['', ''];
    r.template = { id, text, params: [], isNew: false };
  });
  return batch;
}

describe('EmbedProcessor', () => {
  it('embeds each distinct template once, across batches', async () => {
    const provider = new RecordingProvider();
    const cache = new MemoryEmbeddingCache();
    const stage = new EmbedProcessor(new CachedEmbedder(provider, cache));
    await stage.process(batchOf([['t1', 'disk <*> full'], ['t1', 'disk <*> full'], ['t2', 'request served']]));
    await stage.process(batchOf([['t2', 'request served'], ['t3', 'timeout after <*>']]));
    expect(provider.asked).toEqual(['disk <*> full', 'request served', 'timeout after <*>']);
    expect(stage.providerCalls).toBe(3);
    expect(cache.size).toBe(3);
  });

  it('does not ask the provider for templates a shared cache already holds', async () => {
    const cache = new MemoryEmbeddingCache();
    const first = new RecordingProvider();
    await new EmbedProcessor(new CachedEmbedder(first, cache)).process(batchOf([['t1', 'a <*>']]));
    const second = new RecordingProvider();
    await new EmbedProcessor(new CachedEmbedder(second, cache)).process(batchOf([['t1', 'a <*>'], ['t9', 'b']]));
    expect(second.asked).toEqual(['b']);
  });

  it('upserts each new template vector into the vector store, cached ones included', async () => {
    const cache = new MemoryEmbeddingCache();
    await new EmbedProcessor(new CachedEmbedder(new RecordingProvider(), cache)).process(batchOf([['t1', 'a <*>']]));
    const store = new EmbeddedVectorStore(2);
    const stage = new EmbedProcessor(new CachedEmbedder(new RecordingProvider(), cache), store);
    await stage.process(batchOf([['t1', 'a <*>'], ['t2', 'bbbbbbb']]));
    expect(await store.count()).toBe(2);
    const [hit] = await store.search(Float32Array.of(7, 1), 1);
    expect(hit?.id).toBe('t2');
  });
});
