import { z } from 'zod';
import type { Detector, DetectorResult } from './detector.js';
import { noisyOr, squash } from './detector.js';

/** Config of the session/trace model. */
export const sessionConfigSchema = z.object({
  /** Sessions a template must appear in to take part in an invariant. Default 3. */
  minSupport: z.number().int().min(1).default(3),
  /** Share of sessions an invariant must hold in to be kept. Default 0.95. */
  minConfidence: z.number().min(0.5).max(1).default(0.95),
  /** Templates considered for invariants (most frequent first), bounding the pair count. Default 200. */
  maxTemplates: z.number().int().min(2).default(200),
  /** Session-frequency share under which a template is rare (maps to 0.5). Default 0.05. */
  rareShare: z.number().positive().max(1).default(0.05),
  /**
   * Sessions a template appears in at which it stops being rare on count alone (maps to 0.5),
   * whatever its share: a path taken by 80 of 2,200 sessions is a known path although it is under
   * 5% of them. Rarity is the lower of the two, so in small populations the share decides and in
   * large ones a minimum support does. Default 10.
   */
  rareSessions: z.number().positive().default(10),
});
export type SessionConfig = z.infer<typeof sessionConfigSchema>;

/** One session: its key and the template of each of its events, in order. */
export interface SessionInput {
  readonly key: string;
  readonly templates: readonly string[];
}

interface Invariant {
  readonly a: string;
  readonly b: string;
  /** count(a) · q = count(b) · p, with p:q in lowest terms */
  readonly p: number;
  readonly q: number;
  readonly confidence: number;
}

function gcd(x: number, y: number): number {
  return y === 0 ? x : gcd(y, x % y);
}

function countsOf(s: SessionInput): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of s.templates) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

/**
 * Unsupervised session scoring on event-count vectors (as in loglizer's InvariantsMining):
 * mines pairwise count invariants (count(a) = k·count(b) in ≥ 95% of sessions where either
 * occurs) and template rarity across sessions, then scores a session by the invariants it
 * breaks and the rarest template it contains. `fit` runs once over the learned sessions
 * (end of input, or periodically), never per line.
 */
export class SessionDetector implements Detector<SessionInput> {
  readonly name = 'session';
  private readonly sessions: Array<Map<string, number>> = [];
  private docFreq = new Map<string, number>();
  private invariants: Invariant[] = [];
  private dirty = true;

  constructor(private readonly config: SessionConfig = sessionConfigSchema.parse({})) {}

  learn(s: SessionInput): void {
    this.sessions.push(countsOf(s));
    this.dirty = true;
  }

  /** Mines document frequencies and invariants from the sessions learned so far. */
  fit(): void {
    const df = new Map<string, number>();
    for (const s of this.sessions) for (const t of s.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    this.docFreq = df;
    const frequent = [...df.entries()]
      .filter(([, c]) => c >= this.config.minSupport)
      .sort((x, y) => y[1] - x[1])
      .slice(0, this.config.maxTemplates)
      .map(([t]) => t);
    this.invariants = [];
    for (let i = 0; i < frequent.length; i++) {
      for (let j = i + 1; j < frequent.length; j++) {
        const inv = this.minePair(frequent[i] as string, frequent[j] as string);
        if (inv !== null) this.invariants.push(inv);
      }
    }
    this.dirty = false;
  }

  private minePair(a: string, b: string): Invariant | null {
    const ratios = new Map<string, number>();
    let either = 0;
    for (const s of this.sessions) {
      const ca = s.get(a) ?? 0;
      const cb = s.get(b) ?? 0;
      if (ca === 0 && cb === 0) continue;
      either++;
      if (ca === 0 || cb === 0) continue;
      const g = gcd(ca, cb);
      const key = `${ca / g}:${cb / g}`;
      ratios.set(key, (ratios.get(key) ?? 0) + 1);
    }
    if (either < this.config.minSupport) return null;
    let best = '';
    let bestCount = 0;
    for (const [r, c] of ratios) if (c > bestCount) [best, bestCount] = [r, c];
    const confidence = bestCount / either;
    if (confidence < this.config.minConfidence) return null;
    const [p, q] = best.split(':').map(Number) as [number, number];
    return { a, b, p, q, confidence };
  }

  get invariantCount(): number {
    return this.invariants.length;
  }

  score(s: SessionInput): DetectorResult {
    if (this.dirty) this.fit();
    const counts = countsOf(s);
    const n = Math.max(1, this.sessions.length);
    const broken: string[] = [];
    let surprise = 0;
    for (const inv of this.invariants) {
      const ca = counts.get(inv.a) ?? 0;
      const cb = counts.get(inv.b) ?? 0;
      if (ca === 0 && cb === 0) continue;
      if (ca * inv.q === cb * inv.p) continue;
      broken.push(`${inv.q}·${inv.a}=${inv.p}·${inv.b}`);
      // breaking an invariant that held everywhere is surprising; one that held in 95% much less
      surprise += -Math.log10(1 - inv.confidence + 1 / n);
    }
    let rarest = '';
    let rareShare = 1;
    for (const t of counts.keys()) {
      const share = (this.docFreq.get(t) ?? 0) / n;
      if (share < rareShare) [rarest, rareShare] = [t, share];
    }
    const invScore = squash(surprise, 2);
    const rarestSessions = Math.max(1, this.docFreq.get(rarest) ?? 0);
    const rareScore = Math.min(squash(this.config.rareShare / Math.max(rareShare, 1e-9), 1), squash(this.config.rareSessions / rarestSessions, 1));
    return {
      score: noisyOr([invScore, rareScore]),
      evidence: { brokenInvariants: broken.slice(0, 5), brokenCount: broken.length, rarestTemplate: rarest, rarestShare: rareShare, rarestSessions, invariantScore: invScore, rarityScore: rareScore },
    };
  }
}
