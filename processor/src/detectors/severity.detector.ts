import { z } from 'zod';
import { cosine } from '../embeddings/embedding-provider.js';
import type { Severity } from '../domain/log-record.js';
import type { Detector, DetectorResult } from './detector.js';

/** Config of the semantic severity signal. */
export const severityConfigSchema = z.object({
  /** Words describing failure; a template word close to one of them makes the template read as a failure. */
  failureConcepts: z.array(z.string()).default([
    'error', 'exception', 'fail', 'failed', 'failure', 'timeout', 'refused', 'denied', 'corrupt', 'fatal', 'full',
    'killed', 'expired', 'unreachable', 'panic', 'crash', 'invalid', 'abort', 'unavailable', 'lost', 'broken',
    'unable', 'overflow', 'fault', 'terminated', 'rejected', 'missing', 'violation', 'critical', 'errors', 'exceptions', 'failures',
    'exceeded', 'insufficient', 'skew', 'drift', 'mismatch', 'degraded', 'stale', 'leak', 'oom', 'unhealthy', 'retry',
  ]),
  /** Words describing routine work; a word closer to these than to failures does not count. */
  normalConcepts: z.array(z.string()).default([
    'served', 'success', 'successful', 'completed', 'started', 'connected', 'received', 'ok', 'created', 'updated',
    'finished', 'ready', 'accepted', 'loaded', 'starting', 'done', 'sent', 'opened', 'registered', 'healthy',
    'request', 'response', 'session', 'connection', 'served', 'processed',
  ]),
  /** Word similarity to a failure concept that maps to 0.5. Default 0.72. */
  similarityAt50: z.number().min(0).max(1).default(0.72),
  /** Width of the logistic ramp around `similarityAt50`. Default 0.04. */
  width: z.number().positive().default(0.04),
});
export type SeverityConfig = z.infer<typeof severityConfigSchema>;

/** A template's text and embedding, with the severity level the line was logged at. */
export interface SeverityInput {
  readonly templateId: string;
  readonly text: string;
  readonly embedding: Float32Array;
  readonly level: Severity;
}

/** Word vectors of a text, when the provider has them (the local GloVe provider does). */
export type WordVectorsOf = (text: string) => Array<{ word: string; vector: Float32Array }>;

interface Concept {
  readonly concept: string;
  readonly vector: Float32Array;
}

const LEVEL_SCORE: Record<Severity, number> = { TRACE: 0, DEBUG: 0, INFO: 0, UNKNOWN: 0, WARN: 0.35, ERROR: 0.6, FATAL: 0.75 };

/**
 * How much a template *reads* like a failure. With word vectors: the template word most
 * similar to a failure concept (and closer to failure than to routine concepts), so
 * "disk full" → full, "connection refused" → refused, synonyms included. Without them
 * (remote embedding APIs): the template embedding against the same concepts. A ranking
 * feature: a new "disk full" outranks a new "request served" whatever level was logged.
 */
export class SemanticSeverityDetector implements Detector<SeverityInput> {
  readonly name = 'semantic_severity';
  private readonly cache = new Map<string, { score: number; concept: string; word: string; similarity: number }>();

  constructor(
    private readonly failure: readonly Concept[],
    private readonly normal: readonly Concept[],
    private readonly config: SeverityConfig = severityConfigSchema.parse({}),
    private readonly wordVectors?: WordVectorsOf,
  ) {}

  /** Stateless: severity depends on meaning only, nothing to learn. */
  learn(): void {}

  private best(v: Float32Array, protos: readonly Concept[]): [string, number] {
    let concept = '';
    let sim = -1;
    for (const p of protos) {
      const s = cosine(v, p.vector);
      if (s > sim) [concept, sim] = [p.concept, s];
    }
    return [concept, sim];
  }

  /** Nearest failure and routine concepts of each word vector: templates share most of their words. */
  private readonly byWord = new Map<string, { concept: string; fail: number; ok: number }>();

  private nearestConcepts(word: string, vector: Float32Array): { concept: string; fail: number; ok: number } {
    // '' is the whole-template embedding (no word vectors): different for every template
    const hit = word === '' ? undefined : this.byWord.get(word);
    if (hit !== undefined) return hit;
    const [concept, fail] = this.best(vector, this.failure);
    const [, ok] = this.best(vector, this.normal);
    const res = { concept, fail, ok };
    if (word !== '') this.byWord.set(word, res);
    return res;
  }

  /** Semantic part only (cached per template). */
  semantic(templateId: string, text: string, embedding: Float32Array): { score: number; concept: string; word: string; similarity: number } {
    const hit = this.cache.get(templateId);
    if (hit !== undefined) return hit;
    const candidates = this.wordVectors?.(text) ?? [{ word: '', vector: embedding }];
    let out = { score: 0, concept: '', word: '', similarity: 0 };
    for (const c of candidates) {
      const { concept, fail, ok } = this.nearestConcepts(c.word, c.vector);
      if (fail <= ok || fail <= out.similarity) continue;
      const score = 1 / (1 + Math.exp(-(fail - this.config.similarityAt50) / (this.config.width / 2)));
      out = { score, concept, word: c.word, similarity: fail };
    }
    this.cache.set(templateId, out);
    return out;
  }

  /** Results per template, then per level: no key string is built per line. */
  private readonly results = new Map<string, Partial<Record<Severity, DetectorResult>>>();

  score(input: SeverityInput): DetectorResult {
    return this.scoreOf(input.templateId, input.text, input.embedding, input.level);
  }

  /** `score` without an input object (the per-line path): the cached result of the template at that level. */
  scoreOf(templateId: string, text: string, embedding: Float32Array, level: Severity): DetectorResult {
    let byLevel = this.results.get(templateId);
    if (byLevel === undefined) this.results.set(templateId, (byLevel = {}));
    const hit = byLevel[level];
    if (hit !== undefined) return hit;
    const sem = this.semantic(templateId, text, embedding);
    const result = {
      score: Math.max(sem.score, LEVEL_SCORE[level]),
      evidence: { semantic: sem.score, nearestFailureConcept: sem.concept, word: sem.word, similarity: sem.similarity, level },
    };
    byLevel[level] = result;
    return result;
  }
}
