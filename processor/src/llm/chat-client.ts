import OpenAI from 'openai';
import { backoffDelay } from '../kafka/backoff.js';
import { LlmCallError } from './llm-errors.js';

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number;
  /** Ask for a JSON object (`response_format: json_object`). */
  readonly json?: boolean;
}

/** Token usage as the endpoint reported it. */
export interface ChatUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface ChatCompletion {
  readonly content: string;
  readonly usage: ChatUsage | null;
}

/** What the explainer needs from a chat endpoint; the real client or a test double. */
export interface ChatModel {
  readonly model: string;
  complete(request: ChatRequest): Promise<ChatCompletion>;
}

export interface ChatClientOptions {
  readonly apiKey?: string;
  readonly baseURL?: string;
  readonly model: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds or an HTTP date in `Retry-After` (and OpenAI's `retry-after-ms`), as milliseconds. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | null {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Whether an attempt may be repeated: rate limits, server errors, timeouts and dropped connections. */
function isTransient(error: unknown): boolean {
  if (error instanceof OpenAI.APIConnectionError) return true;
  if (error instanceof OpenAI.APIError && typeof error.status === 'number') {
    return error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
  }
  return false;
}

function toCallError(error: unknown, baseURL: string | undefined): LlmCallError {
  const timeout = error instanceof OpenAI.APIConnectionTimeoutError;
  const status = error instanceof OpenAI.APIError && typeof error.status === 'number' ? error.status : undefined;
  const what = timeout ? 'timed out' : status === undefined ? 'failed' : `answered HTTP ${status}`;
  return new LlmCallError(`chat request to ${baseURL ?? 'OpenAI'} ${what}`, { timeout, status, cause: error });
}

/**
 * Chat completions against any OpenAI-compatible endpoint. The SDK's own retries are off: ours
 * back off exponentially with jitter, honour `Retry-After`, and give up rather than wait longer
 * than `retryMaxMs`, so one slow endpoint cannot park the pipeline.
 */
export class ChatClient implements ChatModel {
  readonly model: string;
  private readonly client: OpenAI;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ChatClientOptions) {
    this.model = options.model;
    this.sleep = options.sleep ?? defaultSleep;
    this.client = new OpenAI({
      apiKey: options.apiKey ?? 'none',
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: 0,
    });
  }

  async complete(request: ChatRequest): Promise<ChatCompletion> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(request);
      } catch (error) {
        const delay = this.retryDelay(error, attempt);
        if (delay === null) throw toCallError(error, this.options.baseURL);
        await this.sleep(delay);
      }
    }
  }

  private async once(request: ChatRequest): Promise<ChatCompletion> {
    const res = await this.client.chat.completions.create({
      model: this.model,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
      max_tokens: request.maxTokens,
      temperature: 0,
      ...(request.json ? { response_format: { type: 'json_object' as const } } : {}),
    });
    const usage = res.usage ? { promptTokens: res.usage.prompt_tokens, completionTokens: res.usage.completion_tokens } : null;
    return { content: res.choices[0]?.message.content ?? '', usage };
  }

  /** Milliseconds to wait before the next attempt, or null to give up. */
  private retryDelay(error: unknown, attempt: number): number | null {
    if (attempt >= this.options.maxRetries || !isTransient(error)) return null;
    const backoff = backoffDelay(attempt, { initialMs: this.options.retryBaseMs, maxMs: this.options.retryMaxMs, jitter: 0.2 }, this.options.random);
    const asked = error instanceof OpenAI.APIError ? retryAfterMs(error.headers as Headers | undefined) : null;
    if (asked !== null && asked > this.options.retryMaxMs) return null;
    return Math.max(backoff, asked ?? 0);
  }
}
