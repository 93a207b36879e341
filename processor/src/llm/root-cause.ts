import type { AnomalyDto } from '../storage/repositories/anomaly.repository.js';
import type { ExplainContextRepository } from '../storage/repositories/explain-context.repository.js';
import type { BudgetGuard } from './budget-guard.js';
import type { ChatModel } from './chat-client.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { SkipReason } from './explanation.js';
import { explanationFacts } from './fallback-explainer.js';
import { BudgetExceededError, CircuitOpenError } from './llm-errors.js';
import { costUsd, estimateChatUsd, priceOf, type ModelPrice } from './pricing.js';
import { buildRootCausePrompt, type RedactText, type RootCausePromptInput } from './prompt.js';
import { parseAnswer, rootCauseAnswerSchema } from './verdict.schema.js';

/** A root-cause report over an incident window. */
export interface RootCauseReport {
  readonly from: Date;
  readonly to: Date;
  readonly anomalyCount: number;
  readonly firstAnomaly: (NonNullable<RootCausePromptInput['firstAnomaly']> & { readonly anomalyId: string; readonly templateId: string | null }) | null;
  readonly templates: ReadonlyArray<RootCausePromptInput['templates'][number] & { readonly templateId: string }>;
  readonly services: RootCausePromptInput['services'];
  readonly summary: string;
  readonly likelyCause: string | null;
  readonly nextSteps: readonly string[];
  readonly source: 'llm' | 'fallback';
  readonly skipped?: SkipReason;
}

export interface RootCauseDeps {
  readonly chat: ChatModel | null;
  readonly budget: BudgetGuard;
  readonly breaker: CircuitBreaker;
  readonly context: ExplainContextRepository;
  readonly redact: RedactText;
  /** Output token cap of the summary. */
  readonly maxTokens: number;
  /** Anomalies read from the window at most. */
  readonly maxAnomalies?: number;
  /** Chat price with the operator's overrides; by default the table's price of the model. */
  readonly price?: ModelPrice;
}

/** Per-template and per-service counts of the window's anomalies, most frequent first. */
function tally(anomalies: readonly AnomalyDto[], texts: ReadonlyMap<string, string>): Pick<RootCauseReport, 'templates' | 'services'> {
  const templates = new Map<string, { anomalies: number; services: Set<string> }>();
  const services = new Map<string, number>();
  for (const a of anomalies) {
    if (a.service !== null) services.set(a.service, (services.get(a.service) ?? 0) + 1);
    if (a.templateId === null) continue;
    const t = templates.get(a.templateId) ?? { anomalies: 0, services: new Set<string>() };
    t.anomalies += 1;
    if (a.service !== null) t.services.add(a.service);
    templates.set(a.templateId, t);
  }
  return {
    templates: [...templates]
      .map(([templateId, t]) => ({ templateId, template: texts.get(templateId) ?? templateId, anomalies: t.anomalies, services: [...t.services] }))
      .sort((a, b) => b.anomalies - a.anomalies)
      .slice(0, 15),
    services: [...services].map(([service, n]) => ({ service, anomalies: n })).sort((a, b) => b.anomalies - a.anomalies),
  };
}

/**
 * Gathers an incident (anomalies in a window, the first anomalous template, co-occurring
 * templates and services) and asks the model for a summary within a token cap. Without a model
 * (none configured, circuit open, bad answer) the summary is built from the same facts; over
 * budget it throws `BudgetExceededError`, as on-demand calls must.
 */
export class RootCauseAnalyzer {
  constructor(private readonly deps: RootCauseDeps) {}

  async analyze(from: Date, to: Date): Promise<RootCauseReport> {
    const anomalies = await this.deps.context.inWindow(from, to, this.deps.maxAnomalies ?? 2000);
    const texts = await this.deps.context.templateTexts(anomalies.flatMap((a) => (a.templateId === null ? [] : [a.templateId])));
    const first = anomalies[0];
    const facts = first === undefined ? null : explanationFacts(first, { templateText: first.templateId === null ? null : (texts.get(first.templateId) ?? null) });
    const base = {
      from,
      to,
      anomalyCount: anomalies.length,
      firstAnomaly:
        first === undefined || facts === null
          ? null
          : { anomalyId: first.id, templateId: first.templateId, at: facts.since, service: first.service, template: facts.template, what: facts.what },
      ...tally(anomalies, texts),
    };
    if (this.deps.chat === null || anomalies.length === 0) return { ...base, ...this.fallback(base), skipped: 'disabled' };
    try {
      return { ...base, ...(await this.ask(this.deps.chat, base)), source: 'llm' };
    } catch (error) {
      if (error instanceof BudgetExceededError) throw error;
      return { ...base, ...this.fallback(base), skipped: error instanceof CircuitOpenError ? 'circuit_open' : 'llm_error' };
    }
  }

  private async ask(chat: ChatModel, input: RootCausePromptInput): Promise<Pick<RootCauseReport, 'summary' | 'likelyCause' | 'nextSteps'>> {
    const messages = buildRootCausePrompt(input, this.deps.redact);
    const price = this.deps.price ?? priceOf(chat.model);
    const estimate = estimateChatUsd(chat.model, messages, this.deps.maxTokens, price);
    const content = await this.deps.breaker.exec(
      () =>
        this.deps.budget.run({ kind: 'chat', model: chat.model, usd: estimate.usd, tokens: estimate.tokens }, async () => {
          const res = await chat.complete({ messages, maxTokens: this.deps.maxTokens, json: true });
          const u = res.usage;
          return u === null ? { value: res.content } : { value: res.content, actualUsd: costUsd(chat.model, u.promptTokens, u.completionTokens, price), tokens: u.promptTokens + u.completionTokens };
        }),
      (error) => !(error instanceof BudgetExceededError),
    );
    const parsed = parseAnswer(rootCauseAnswerSchema, content);
    if (!parsed.ok) throw new Error(`root-cause answer malformed: ${parsed.reason}`);
    return { summary: parsed.value.summary, likelyCause: parsed.value.likely_cause || null, nextSteps: parsed.value.next_steps };
  }

  private fallback(input: RootCausePromptInput): Pick<RootCauseReport, 'summary' | 'likelyCause' | 'nextSteps' | 'source'> {
    const first = input.firstAnomaly;
    if (first === null) return { summary: 'No anomalies in this window.', likelyCause: null, nextSteps: [], source: 'fallback' };
    const others = input.templates.filter((t) => t.template !== first.template).slice(0, 3);
    const services = input.services.map((s) => `${s.service} (${s.anomalies})`).join(', ');
    const summary = [
      `${input.anomalyCount} anomalies between ${input.from.toISOString()} and ${input.to.toISOString()}.`,
      `The first, at ${first.at} in ${first.service ?? 'an unknown service'}, was ${first.template === null ? 'window-level' : `"${first.template}"`}: ${first.what}.`,
      others.length === 0 ? '' : `Co-occurring: ${others.map((t) => `"${t.template}" (${t.anomalies})`).join('; ')}.`,
      services === '' ? '' : `Services: ${services}.`,
    ].filter((s) => s !== '');
    return {
      summary: summary.join(' '),
      likelyCause: `The first anomalous pattern${first.service === null ? '' : ` in ${first.service}`} is the most likely origin; later ones are often its effects.`,
      nextSteps: [`Start with the lines of ${first.service ?? 'the first service'} around ${first.at}.`, 'Check deployments and configuration changes just before the window.'],
      source: 'fallback',
    };
  }
}
