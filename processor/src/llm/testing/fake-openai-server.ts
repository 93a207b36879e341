import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply of the fake endpoint. */
export interface ScriptedReply {
  /** HTTP status; default 200. */
  readonly status?: number;
  /** Assistant message content for chat (ignored for embeddings). */
  readonly content?: string;
  /** Usage figures returned with a 200. Default: 100 prompt + 50 completion tokens. */
  readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number };
  readonly headers?: Readonly<Record<string, string>>;
  /** Wait this long before answering (a timeout when longer than the client's). */
  readonly delayMs?: number;
}

/** A request the server received. */
export interface ReceivedRequest {
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

/** A JSON verdict body, for scripting chat replies. */
export function verdictJson(verdict: 'anomalous' | 'not_anomalous', confidence: number, summary = 'scripted summary'): string {
  return JSON.stringify({ verdict, confidence, summary, likely_cause: 'scripted cause', next_steps: ['scripted step'] });
}

/**
 * A local OpenAI-compatible HTTP server for tests (the only stand-in allowed): `/v1/chat/completions`
 * and `/v1/embeddings`, answering from a script (statuses, malformed JSON, delays, Retry-After,
 * usage figures), then from `fallbackReply`.
 */
export class FakeOpenAiServer {
  readonly requests: ReceivedRequest[] = [];
  /** Replies used once each, in order, before `fallbackReply`. */
  readonly script: ScriptedReply[] = [];
  fallbackReply: ScriptedReply = { content: verdictJson('anomalous', 0.9) };
  private readonly server: Server;
  private readonly pending = new Set<NodeJS.Timeout>();
  private port = 0;

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Base URL including `/v1`. */
  get baseURL(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Chat requests received so far. */
  get chatCalls(): number {
    return this.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const t of this.pending) clearTimeout(t);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? '';
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    this.requests.push({ path, body, at: Date.now() });
    const reply = this.script.shift() ?? this.fallbackReply;
    const send = (): void => this.send(res, path, body, reply);
    if (!reply.delayMs) return send();
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      if (!res.destroyed) send();
    }, reply.delayMs);
    this.pending.add(timer);
  }

  private send(res: ServerResponse, path: string, body: Record<string, unknown>, reply: ScriptedReply): void {
    const status = reply.status ?? 200;
    const headers = { 'content-type': 'application/json', ...reply.headers };
    if (status !== 200) {
      res.writeHead(status, headers).end(JSON.stringify({ error: { message: `scripted ${status}`, type: 'scripted' } }));
      return;
    }
    const usage = reply.usage ?? { prompt_tokens: 100, completion_tokens: 50 };
    const payload = path.endsWith('/embeddings') ? this.embeddings(body, usage.prompt_tokens) : this.chat(body, reply.content ?? '', usage);
    res.writeHead(200, headers).end(JSON.stringify(payload));
  }

  private chat(body: Record<string, unknown>, content: string, usage: { prompt_tokens: number; completion_tokens: number }): unknown {
    return {
      id: `chatcmpl-${this.requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    };
  }

  private embeddings(body: Record<string, unknown>, promptTokens: number): unknown {
    const input = Array.isArray(body.input) ? body.input : [body.input];
    const dims = typeof body.dimensions === 'number' ? body.dimensions : 8;
    return {
      object: 'list',
      model: body.model,
      data: input.map((text, index) => ({ object: 'embedding', index, embedding: pseudoVector(String(text), dims) })),
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    };
  }
}

/** A deterministic vector from text: equal texts embed equally, different ones differ. */
function pseudoVector(text: string, dims: number): number[] {
  const out = new Array<number>(dims).fill(0);
  for (let i = 0; i < text.length; i++) out[i % dims] = (out[i % dims] ?? 0) + ((text.charCodeAt(i) * 31 + i) % 17) / 17;
  return out;
}
