import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedEmbedder, MemoryEmbeddingCache, cosine, type EmbeddingProvider } from './embedding-provider.js';
import { GloveProvider, gloveConfigSchema } from './glove.provider.js';
import { OpenAiEmbeddingProvider, openAiEmbeddingConfigSchema } from './openai.provider.js';
import { tokenizeTemplate } from './tokenize.js';
import type { WordVectors } from './word-vectors.js';

/** A 4-word, 4-d vocabulary: disk/full close together, request/served close together. */
function tinyVectors(): WordVectors {
  const words = ['disk', 'full', 'request', 'served'];
  const rows = [[100, 90, 0, 0], [90, 100, 0, 0], [0, 0, 100, 90], [0, 0, 90, 100]];
  const data = Int8Array.from(rows.flat().map((v) => Math.round((v / 100) * 127)));
  return { dimensions: 4, index: new Map(words.map((w, i) => [w, i])), scales: new Float32Array(4).fill(100 / 127 / 100), data };
}

describe('tokenizeTemplate', () => {
  it('splits identifiers, drops placeholders and numbers, lowercases', () => {
    expect(tokenizeTemplate('dfs.DataNode$PacketResponder: block_id <*> took 12 ms HTTPServer')).toEqual([
      'dfs', 'data', 'node', 'packet', 'responder', 'block', 'id', 'took', 'ms', 'http', 'server',
    ]);
  });
});

describe('GloveProvider', () => {
  const p = new GloveProvider(tinyVectors(), gloveConfigSchema.parse({}));

  it('places templates with related words close and unrelated ones apart', async () => {
    const [a, b, c] = await p.embed(['disk <*> full', 'full disk <*>', 'request served']);
    expect(cosine(a!, b!)).toBeGreaterThan(0.95);
    expect(cosine(a!, c!)).toBeLessThan(0.2);
    expect(a!.length).toBe(4);
  });

  it('gives unknown tokens a deterministic non-zero vector', async () => {
    const [x, y] = await p.embed(['kubelet', 'kubelet']);
    expect(Math.hypot(...x!)).toBeCloseTo(1, 5);
    expect([...x!]).toEqual([...y!]);
  });
});

describe('CachedEmbedder', () => {
  it('embeds each template once per provider/model', async () => {
    let calls = 0;
    const provider: EmbeddingProvider = {
      name: 'fake', model: 'm', dimensions: 2,
      embed: (texts) => {
        calls += texts.length;
        return Promise.resolve(texts.map((t) => Float32Array.from([t.length, 1])));
      },
    };
    const cache = new MemoryEmbeddingCache();
    const e = new CachedEmbedder(provider, cache);
    await e.embedTemplates([{ id: 'a', text: 'aa' }, { id: 'b', text: 'bbb' }]);
    const again = await e.embedTemplates([{ id: 'b', text: 'bbb' }, { id: 'a', text: 'aa' }, { id: 'c', text: 'c' }]);
    expect(calls).toBe(3);
    expect(e.embedCalls).toBe(3);
    expect([...again[0]!]).toEqual([3, 1]);
    expect(cache.size).toBe(3);
  });
});

describe('OpenAiEmbeddingProvider', () => {
  let server: Server;
  let baseURL = '';
  const seen: string[][] = [];

  beforeAll(async () => {
    // the only stand-in allowed: a tiny OpenAI-compatible server answering /v1/embeddings
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url !== '/v1/embeddings') {
          res.writeHead(404).end();
          return;
        }
        const input = (JSON.parse(body) as { input: string[] }).input;
        seen.push(input);
        const data = input.map((t, index) => ({ object: 'embedding', index, embedding: [t.length, 0.5, -1] })).reverse();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data, model: 'm', usage: { prompt_tokens: 1, total_tokens: 1 } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('batches requests and returns vectors in input order', async () => {
    const p = new OpenAiEmbeddingProvider(openAiEmbeddingConfigSchema.parse({ baseURL, model: 'm', dimensions: 3, batchSize: 2 }));
    const out = await p.embed(['a', 'bbb', 'cc']);
    expect(out.map((v) => v[0])).toEqual([1, 3, 2]);
    expect(seen).toEqual([['a', 'bbb'], ['cc']]);
  });

  it('maps a failing endpoint to a retriable error', async () => {
    const p = new OpenAiEmbeddingProvider(openAiEmbeddingConfigSchema.parse({ baseURL: `${baseURL}/missing`, timeoutMs: 2000 }));
    await expect(p.embed(['x'])).rejects.toMatchObject({ retriable: true, stage: 'embed' });
  });
});
