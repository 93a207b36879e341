import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient } from './chat-client.js';
import { LlmCallError } from './llm-errors.js';
import { FakeOpenAiServer } from './testing/fake-openai-server.js';

const request = { messages: [{ role: 'user' as const, content: 'hi' }], maxTokens: 50, json: true };

describe('ChatClient against a local OpenAI-compatible server', () => {
  let server: FakeOpenAiServer;
  const sleeps: number[] = [];
  const client = (overrides: Partial<ConstructorParameters<typeof ChatClient>[0]> = {}): ChatClient =>
    new ChatClient({
      apiKey: 'k',
      baseURL: server.baseURL,
      model: 'gpt-4o-mini',
      timeoutMs: 300,
      maxRetries: 2,
      retryBaseMs: 10,
      retryMaxMs: 5000,
      random: () => 0.5,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      ...overrides,
    });

  beforeAll(async () => {
    server = await new FakeOpenAiServer().start();
  });
  afterAll(async () => {
    await server.stop();
  });
  afterEach(() => {
    sleeps.length = 0;
    server.script.length = 0;
    server.requests.length = 0;
  });

  it('returns content and usage, asking for JSON at temperature 0', async () => {
    server.script.push({ content: '{"a":1}', usage: { prompt_tokens: 12, completion_tokens: 3 } });
    const res = await client().complete(request);
    expect(res).toEqual({ content: '{"a":1}', usage: { promptTokens: 12, completionTokens: 3 } });
    expect(server.requests[0]?.body).toMatchObject({ model: 'gpt-4o-mini', max_tokens: 50, temperature: 0, response_format: { type: 'json_object' } });
  });

  it('waits as long as a 429 Retry-After asks, then succeeds', async () => {
    server.script.push({ status: 429, headers: { 'retry-after': '2' } }, { content: 'ok' });
    expect((await client().complete(request)).content).toBe('ok');
    expect(sleeps).toEqual([2000]);
    expect(server.chatCalls).toBe(2);
  });

  it('backs off exponentially on 5xx and gives up after maxRetries with a typed error', async () => {
    server.script.push({ status: 500 }, { status: 502 }, { status: 503 });
    const error = await client().complete(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmCallError);
    expect((error as LlmCallError).details).toEqual({ status: 503 });
    expect(sleeps).toEqual([10, 20]);
    expect(server.chatCalls).toBe(3);
  });

  it('retries a timeout and reports TIMEOUT when every attempt times out', async () => {
    server.script.push({ delayMs: 1000, content: 'late' }, { content: 'in time' });
    expect((await client().complete(request)).content).toBe('in time');
    server.script.push({ delayMs: 1000 }, { delayMs: 1000 }, { delayMs: 1000 });
    const error = await client().complete(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', stage: 'llm' });
  });

  it('does not retry a 400, nor wait for a Retry-After longer than retryMaxMs', async () => {
    server.script.push({ status: 400 });
    await expect(client().complete(request)).rejects.toBeInstanceOf(LlmCallError);
    expect(server.chatCalls).toBe(1);
    server.script.push({ status: 429, headers: { 'retry-after': '3600' } });
    await expect(client().complete(request)).rejects.toBeInstanceOf(LlmCallError);
    expect(server.chatCalls).toBe(2);
    expect(sleeps).toEqual([]);
  });
});
