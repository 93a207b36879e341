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

/** The `llm_explanations` table: model answers keyed by (template, signal kind). */
export class LlmExplanationRepository {
  constructor(private readonly knex: Knex) {}

  /** The cached answer, counting the reuse; null when this pair was never explained. */
  async hit(templateKey: string, signal: string): Promise<CachedExplanation | null> {
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

  async count(): Promise<number> {
    const [row]: Array<{ count: string | number }> = await this.knex('llm_explanations').count({ count: '*' });
    return Number(row?.count ?? 0);
  }
}
