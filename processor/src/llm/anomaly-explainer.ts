import type { AnomalyStatus } from '../domain/anomaly.js';
import type { Logger } from '../domain/logger.js';
import type { AnomalyDto } from '../storage/repositories/anomaly.repository.js';
import type { ExplainContextRepository } from '../storage/repositories/explain-context.repository.js';
import type { LlmExplanationRepository } from '../storage/repositories/llm-explanation.repository.js';
import { llmCalls } from '../telemetry/metrics.js';
import type { BudgetGuard } from './budget-guard.js';
import type { ChatMessage, ChatModel } from './chat-client.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { Explanation, ExplanationSource, SkipReason } from './explanation.js';
import { explanationFacts, fallbackExplanation, signalKind, type ExplainContext } from './fallback-explainer.js';
import type { LlmConfig } from './llm.config.js';
import { BudgetExceededError, CircuitOpenError, MalformedAnswerError } from './llm-errors.js';
import type { NearestNormalFinder } from './nearest-normal.js';
import { costUsd, estimateChatUsd, priceWithOverrides } from './pricing.js';
import { buildValidationPrompt, repairMessage, type RedactText } from './prompt.js';
import { parseAnswer, verdictSchema, type Verdict } from './verdict.schema.js';

/** An explanation with where it came from and the status it implies (only `dismissed` so far). */
export interface ExplainOutcome {
  readonly explanation: Explanation;
  readonly source: ExplanationSource;
  readonly status?: AnomalyStatus;
}

/** `pipeline`: validation config applies, budget trouble degrades; `on_demand`: budget refusals throw. */
export type ExplainMode = 'pipeline' | 'on_demand';

export interface AnomalyExplainerDeps {
  readonly config: LlmConfig;
  /** Null when no endpoint is configured: everything gets the fallback. */
  readonly chat: ChatModel | null;
  readonly budget: BudgetGuard;
  readonly breaker: CircuitBreaker;
  readonly cache: LlmExplanationRepository;
  readonly context: ExplainContextRepository;
  readonly redact: RedactText;
  readonly nearest?: NearestNormalFinder;
  readonly logger: Logger;
}

/** Counters for the benchmark and logs. */
export interface ExplainerStats {
  llmCalls: number;
  cacheHits: number;
  fallbacks: number;
  dismissed: number;
  skipped: Partial<Record<SkipReason, number>>;
}

/** A shared flight's result; a budget refusal carries its error so on-demand callers can rethrow it. */
type Answer = { readonly verdict: Verdict } | { readonly skipped: SkipReason; readonly refusal?: BudgetExceededError };

/**
 * Tier 2: asks the model about an anomaly (cache first, then circuit breaker, then budget) and
 * turns the answer into a stored explanation; anything short of a valid answer becomes the
 * deterministic fallback with the reason. Concurrent requests for one (template, signal) share
 * one call, so a burst of the same anomaly costs one answer.
 */
export class AnomalyExplainer {
  readonly stats: ExplainerStats = { llmCalls: 0, cacheHits: 0, fallbacks: 0, dismissed: 0, skipped: {} };
  private readonly inFlight = new Map<string, Promise<Answer>>();

  constructor(private readonly deps: AnomalyExplainerDeps) {}

  /** True when `mode` may call the model for this anomaly at all. */
  wantsModel(anomaly: AnomalyDto, mode: ExplainMode): SkipReason | null {
    if (this.deps.chat === null) return 'disabled';
    if (mode === 'on_demand') return null;
    if (!this.deps.config.validationEnabled) return 'disabled';
    return anomaly.isAnomaly && anomaly.score >= this.deps.config.anomalyScoreThreshold ? null : 'below_threshold';
  }

  /** The explanation of one anomaly; never throws in `pipeline` mode except for database errors. */
  async explain(anomaly: AnomalyDto, mode: ExplainMode, templateText?: string | null): Promise<ExplainOutcome> {
    const context = await this.context(anomaly, templateText);
    const skip = this.wantsModel(anomaly, mode);
    if (skip !== null) return this.fallback(anomaly, context, skip);
    const key = { templateKey: anomaly.templateId ?? `${anomaly.scope}:${anomaly.service ?? ''}`, signal: signalKind(anomaly) };
    const cached = await this.deps.cache.hit(key.templateKey, key.signal);
    if (cached !== null) {
      const verdict = verdictSchema.safeParse(cached.explanation.raw);
      if (verdict.success) {
        this.stats.cacheHits += 1;
        llmCalls.inc({ outcome: 'cached' });
        return this.fromVerdict(anomaly, context, verdict.data, 'cache', cached.model);
      }
    }
    const flightKey = `${key.templateKey}\u0000${key.signal}`;
    let flight = this.inFlight.get(flightKey);
    if (flight === undefined) {
      flight = this.ask(anomaly, context, key).finally(() => this.inFlight.delete(flightKey));
      this.inFlight.set(flightKey, flight);
    }
    const answer = await flight;
    // Thrown here, not inside the shared flight: a pipeline caller sharing an on-demand flight
    // must get the fallback, and an on-demand caller sharing a pipeline flight the 429.
    if ('skipped' in answer && answer.refusal !== undefined && mode === 'on_demand') throw answer.refusal;
    if ('skipped' in answer) return this.fallback(anomaly, context, answer.skipped);
    return this.fromVerdict(anomaly, context, answer.verdict, 'llm', this.deps.chat?.model);
  }

  /** The fallback explanation, counted. */
  fallback(anomaly: AnomalyDto, context: ExplainContext, skipped: SkipReason): ExplainOutcome {
    this.stats.fallbacks += 1;
    this.stats.skipped[skipped] = (this.stats.skipped[skipped] ?? 0) + 1;
    return { explanation: fallbackExplanation(anomaly, context, skipped), source: 'fallback' };
  }

  private async context(anomaly: AnomalyDto, templateText?: string | null): Promise<ExplainContext> {
    let text = templateText ?? null;
    if (text === null && anomaly.templateId !== null) text = (await this.deps.context.templateTexts([anomaly.templateId])).get(anomaly.templateId) ?? null;
    const known = anomaly.evidence.nearestNormal?.[0];
    if (known !== undefined || text === null || anomaly.templateId === null || this.deps.nearest === undefined) return { templateText: text };
    try {
      const [near] = await this.deps.nearest.nearest({ id: anomaly.templateId, text }, 1);
      return { templateText: text, nearestNormal: near ?? null };
    } catch (error) {
      // Nearest-normal is garnish: an embedding refusal (budget, say) must not cost the explanation.
      this.deps.logger.debug({ err: error }, 'nearest normal template unavailable');
      return { templateText: text };
    }
  }

  private async ask(anomaly: AnomalyDto, context: ExplainContext, key: { templateKey: string; signal: string }): Promise<Answer> {
    try {
      const messages = await this.prompt(anomaly, context);
      const verdict = await this.callForVerdict(messages);
      await this.deps.cache.put({ ...key, explanation: { raw: verdict }, verdict: verdict.verdict, confidence: verdict.confidence, model: this.deps.chat?.model ?? '' });
      return { verdict };
    } catch (error) {
      return this.failure(error);
    }
  }

  /** Never throws: the caller decides by mode whether a budget refusal surfaces. */
  private failure(error: unknown): Answer {
    if (error instanceof BudgetExceededError) {
      llmCalls.inc({ outcome: 'budget_exceeded' });
      return { skipped: 'budget', refusal: error };
    }
    if (error instanceof CircuitOpenError) {
      llmCalls.inc({ outcome: 'circuit_open' });
      return { skipped: 'circuit_open' };
    }
    if (error instanceof MalformedAnswerError) {
      llmCalls.inc({ outcome: 'malformed' });
      this.deps.logger.warn({ reason: error.message }, 'LLM answer malformed twice; fallback explanation used');
      return { skipped: 'malformed' };
    }
    llmCalls.inc({ outcome: 'error' });
    this.deps.logger.warn({ err: error }, 'LLM call failed; fallback explanation used');
    return { skipped: 'llm_error' };
  }

  private async prompt(anomaly: AnomalyDto, context: ExplainContext): Promise<ChatMessage[]> {
    const facts = explanationFacts(anomaly, context);
    const id = anomaly.templateId;
    const bucketMs = Math.max(60_000, anomaly.windowEnd.getTime() - anomaly.windowStart.getTime());
    const [examples, rateHistory, nearestNormal] = await Promise.all([
      id === null ? [] : this.deps.context.examples(id, anomaly.windowEnd, this.deps.config.exampleLines),
      id === null ? [] : this.deps.context.rateHistory(id, anomaly.windowEnd, bucketMs, 12),
      this.nearestList(anomaly, context),
    ]);
    return buildValidationPrompt({ anomaly, facts, examples, rateHistory, nearestNormal }, this.deps.redact);
  }

  private async nearestList(anomaly: AnomalyDto, context: ExplainContext): Promise<Array<{ template: string; similarity: number }>> {
    const known = anomaly.evidence.nearestNormal;
    if (known !== undefined && known.length > 0) return known.slice(0, 3).map((n) => ({ template: n.template, similarity: n.similarity }));
    if (this.deps.nearest === undefined || anomaly.templateId === null || !context.templateText) return [];
    return this.deps.nearest.nearest({ id: anomaly.templateId, text: context.templateText }, 3).catch(() => []);
  }

  /** One call, and one repair call when the first answer is not the JSON asked for. */
  private async callForVerdict(messages: ChatMessage[]): Promise<Verdict> {
    const first = await this.call(messages);
    const parsed = parseAnswer(verdictSchema, first);
    if (parsed.ok) return parsed.value;
    const retry = await this.call([...messages, { role: 'assistant', content: first.slice(0, 2000) }, repairMessage(parsed.reason)]);
    const reparsed = parseAnswer(verdictSchema, retry);
    if (reparsed.ok) return reparsed.value;
    throw new MalformedAnswerError(reparsed.reason);
  }

  /** One chat call through the breaker and the budget; budget refusals do not trip the breaker. */
  private async call(messages: ChatMessage[]): Promise<string> {
    const chat = this.deps.chat;
    if (chat === null) throw new Error('no chat endpoint configured');
    const maxTokens = this.deps.config.maxOutputTokens;
    const price = priceWithOverrides(chat.model, { inputPerMTok: this.deps.config.priceInputPerMTok, outputPerMTok: this.deps.config.priceOutputPerMTok });
    const estimate = estimateChatUsd(chat.model, messages, maxTokens, price);
    return this.deps.breaker.exec(
      () =>
        this.deps.budget.run({ kind: 'chat', model: chat.model, usd: estimate.usd, tokens: estimate.tokens }, async () => {
          this.stats.llmCalls += 1;
          const res = await chat.complete({ messages, maxTokens, json: true });
          llmCalls.inc({ outcome: 'ok' });
          const usage = res.usage;
          return usage === null
            ? { value: res.content }
            : { value: res.content, actualUsd: costUsd(chat.model, usage.promptTokens, usage.completionTokens, price), tokens: usage.promptTokens + usage.completionTokens };
        }),
      (error) => !(error instanceof BudgetExceededError),
    );
  }

  private fromVerdict(anomaly: AnomalyDto, context: ExplainContext, verdict: Verdict, source: ExplanationSource, model?: string): ExplainOutcome {
    const dismiss = verdict.verdict === 'not_anomalous' || verdict.confidence < this.deps.config.confidenceThreshold;
    if (dismiss) this.stats.dismissed += 1;
    const explanation: Explanation = {
      summary: verdict.summary,
      likelyCause: verdict.likely_cause === '' ? null : verdict.likely_cause,
      nextSteps: verdict.next_steps,
      verdict: verdict.verdict,
      confidence: verdict.confidence,
      facts: explanationFacts(anomaly, context),
      ...(model === undefined ? {} : { model }),
      generatedAt: new Date().toISOString(),
    };
    return dismiss ? { explanation, source, status: 'dismissed' } : { explanation, source };
  }
}
