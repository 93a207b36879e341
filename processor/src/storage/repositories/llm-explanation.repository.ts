import type { Knex } from '@mikro-orm/postgresql';
import { jsonb } from '../sql.js';

/** One cached model explanation (see `LlmExplanationEntity`). */
export interface CachedExplanation {
  readonly templateKey: string;
  readonly signal: string;
  readonly explanation: Record<string, unknown>;
  readonly verdict: string | null;
  readonly confidence: number | null;
  readonly model: string;
}

/** Cache lifetime settings. */
export interface LlmExplanationRepositoryOptions {
  /** Age after which an entry is asked again. Default: 24 h. */
  readonly ttlMs?: number;
  /** Clock (tests). */
  readonly now?: () => number;
}

/** User feedback that overrides a cached verdict: the user judged the anomaly themselves. */
const OVERRIDING_FEEDBACK = ['confirm', 'false_positive'] as const;

/**
 * The `llm_explanations` table: model answers keyed by (template, signal kind). An entry is
 * stale once older than the TTL or older than a CONFIRM / FALSE_POSITIVE feedback on its
 * template; a stale entry is deleted on lookup so the next call asks the model again.
 */
export class LlmExplanationRepository {
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly knex: Knex,
    options: LlmExplanationRepositoryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 24 * 3_600_000;
    this.now = options.now ?? Date.now;
  }

  /** The cached answer, counting the reuse; null when this pair was never explained or is stale. */
  async hit(templateKey: string, signal: string): Promise<CachedExplanation | null> {
    await this.dropStale(templateKey, signal);
    const rows: Array<{
      template_key: string;
      signal: string;
      explanation: Record<string, unknown>;
      verdict: string | null;
      confidence: number | null;
      model: string;
    }> = await this.knex('llm_explanations')
      .where({ template_key: templateKey, signal })
      .increment('hits', 1)
      .returning(['template_key', 'signal', 'explanation', 'verdict', 'confidence', 'model']);
    const row = rows[0];
    if (!row) return null;
    return {
      templateKey: row.template_key,
      signal: row.signal,
      explanation: row.explanation,
      verdict: row.verdict,
      confidence: row.confidence === null ? null : Number(row.confidence),
      model: row.model,
    };
  }

  /** Stores an answer; the first writer wins (two replicas racing store one answer). */
  async put(entry: CachedExplanation): Promise<void> {
    await this.knex('llm_explanations')
      .insert({
        template_key: entry.templateKey,
        signal: entry.signal,
        explanation: jsonb(entry.explanation),
        verdict: entry.verdict,
        confidence: entry.confidence,
        model: entry.model,
      })
      .onConflict(['template_key', 'signal'])
      .ignore();
  }

  /**
   * Forgets the cached verdicts of a template (all signals, or one), so the model is asked
   * again; e.g. after user feedback. Returns the number of entries removed.
   */
  async invalidate(templateKey: string, signal?: string): Promise<number> {
    return this.knex('llm_explanations')
      .where(signal === undefined ? { template_key: templateKey } : { template_key: templateKey, signal })
      .delete();
  }

  /** Deletes the entry when expired or older than overriding feedback on its template. */
  private async dropStale(templateKey: string, signal: string): Promise<void> {
    await this.knex.raw(
      `delete from llm_explanations e where e.template_key = ? and e.signal = ?
         and (e.created_at < ? or exists (select 1 from feedback f where f.template_id = e.template_key
              and f.action in (${OVERRIDING_FEEDBACK.map(() => '?').join(', ')}) and f.created_at >= e.created_at))`,
      [templateKey, signal, new Date(this.now() - this.ttlMs), ...OVERRIDING_FEEDBACK],
    );
  }

  async count(): Promise<number> {
    const [row]: Array<{ count: string | number }> = await this.knex('llm_explanations').count({ count: '*' });
    return Number(row?.count ?? 0);
  }
}
