import { z } from 'zod';
import type { DetectEvent, Detector, DetectorResult } from './detector.js';
import { mad, median, squash } from './detector.js';

/** Config of the per-template / per-service rate detector. */
export const rateConfigSchema = z.object({
  /** Window length in ms (event time, or pseudo-time from line order). Default 60000. */
  windowMs: z.number().int().positive().default(60_000),
  /** Past windows kept per key. Default 60. */
  historyWindows: z.number().int().min(4).default(60),
  /** Windows of history needed before a key is judged. Default 5. */
  minHistory: z.number().int().min(2).default(5),
  /** Minimum count for a spike, and minimum baseline median for a dip/absence. Default 5. */
  minCount: z.number().int().min(1).default(5),
  /** Threshold (z or IQR multiples) that maps to score 0.5. Default 4. */
  threshold: z.number().positive().default(4),
  /** Which statistic decides: one of them, or `vote` = the 2nd highest of the three. Default vote. */
  method: z.enum(['zscore', 'iqr', 'mad', 'vote']).default('vote'),
});
export type RateConfig = z.infer<typeof rateConfigSchema>;

/** A closed window whose count for one key departed from its baseline. */
export interface RateFinding {
  readonly key: string;
  readonly kind: 'spike' | 'dip' | 'absent';
  readonly observed: number;
  readonly baseline: number;
  readonly score: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly detail: Record<string, number>;
}

const NONE: DetectorResult = { score: 0, evidence: {} };

/** Baseline statistics of one key's history, computed once per closed window. */
interface HistoryStats {
  readonly mean: number;
  readonly sd: number;
  readonly q25: number;
  readonly q75: number;
  readonly med: number;
  readonly mad: number;
}

function statsOf(hist: readonly number[]): HistoryStats {
  const mean = hist.reduce((s, v) => s + v, 0) / hist.length;
  const sd = Math.sqrt(hist.reduce((s, v) => s + (v - mean) ** 2, 0) / hist.length);
  const sorted = [...hist].sort((a, b) => a - b);
  const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] as number;
  const med = median(sorted);
  return { mean, sd, q25: q(0.25), q75: q(0.75), med, mad: mad(sorted, med) };
}

/** log10 of P(X ≥ x) for X ~ Poisson(λ), x > λ: pmf(x) times a geometric bound on the tail. */
function log10PoissonTail(x: number, lambda: number): number {
  const l = Math.max(lambda, 0.1);
  if (x <= l) return 0;
  const lnFact = x < 2 ? 0 : x * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI * x) + 1 / (12 * x);
  const lnPmf = -l + x * Math.log(l) - lnFact;
  const lnTail = lnPmf - Math.log(1 - l / (x + 1));
  return Math.min(0, lnTail / Math.LN10);
}

/**
 * Spike score: the vote of the three statistics, capped by how improbable the count is
 * under a Poisson baseline, so 5 lines where 1 is usual (p ≈ 0.4%) is not yet a spike.
 * A tail probability of 1e-4 maps to 0.5.
 */
function spikeCap(x: number, st: HistoryStats): number {
  return squash(-log10PoissonTail(x, Math.max(st.med, st.mean)), 4);
}

/** Scores of one count against a history, by the three statistics. */
function deviation(x: number, st: HistoryStats, threshold: number): { zscore: number; iqr: number; mad: number } {
  const iqr = st.q75 - st.q25;
  // Poisson floor: a key that always logs 3/min must not look wild at 5/min
  const floor = Math.sqrt(Math.max(1, st.med));
  const zs = Math.abs(x - st.mean) / Math.max(st.sd, floor);
  const iq = x > st.q75 ? (x - st.q75) / Math.max(iqr, floor) : x < st.q25 ? (st.q25 - x) / Math.max(iqr, floor) : 0;
  const md = Math.abs(x - st.med) / Math.max(st.mad, floor);
  // IQR fences are usually set at 1.5–3 IQRs; rescale so one threshold serves all three
  return { zscore: squash(zs, threshold), iqr: squash(iq, threshold / 2), mad: squash(md, threshold) };
}

/**
 * Counts per template and per service in fixed windows; compares each window with the
 * key's own history by z-score, IQR fence and median/MAD. Spikes are scored while the window
 * is still open (the running count already exceeds the baseline), dips and absences when
 * it closes (an expected, regular key that went quiet).
 */
export class RateDetector implements Detector<DetectEvent> {
  readonly name = 'rate';
  private windowStart: number | null = null;
  private readonly current = new Map<string, number>();
  private readonly history = new Map<string, number[]>();
  private readonly pending: RateFinding[] = [];
  private readonly stats = new Map<string, HistoryStats>();
  /** Consecutive empty windows per key. */
  private readonly absentRuns = new Map<string, number>();

  constructor(private readonly config: RateConfig = rateConfigSchema.parse({})) {}

  private readonly keyCache = new Map<string, string>();

  /** `template:<id>` / `service:<name>`, interned so the hot path does not build strings. */
  private key(kind: 'template' | 'service', id: string): string {
    const raw = kind === 'template' ? id : `\u0000${id}`;
    let k = this.keyCache.get(raw);
    if (k === undefined) {
      k = `${kind}:${id}`;
      this.keyCache.set(raw, k);
    }
    return k;
  }

  private bump(key: string): void {
    this.current.set(key, (this.current.get(key) ?? 0) + 1);
  }

  private pick(d: { zscore: number; iqr: number; mad: number }): number {
    if (this.config.method !== 'vote') return d[this.config.method];
    return ([d.zscore, d.iqr, d.mad].sort((a, b) => b - a)[1] as number);
  }

  /** Moves the window forward to cover `time`, closing (and judging) windows on the way. */
  advance(time: number): void {
    const w = this.config.windowMs;
    if (this.windowStart === null) this.windowStart = Math.floor(time / w) * w;
    let guard = 0;
    while (time >= this.windowStart + w && guard++ < this.config.historyWindows) this.closeWindow();
    if (time >= this.windowStart + w) this.windowStart = Math.floor(time / w) * w;
  }

  learn(e: DetectEvent): void {
    this.advance(e.time);
    this.bump(this.key('template', e.templateId));
    if (e.service !== null) this.bump(this.key('service', e.service));
  }

  score(e: DetectEvent): DetectorResult {
    this.advance(e.time);
    const key = this.key('template', e.templateId);
    const hist = this.history.get(key);
    const running = (this.current.get(key) ?? 0) + 1;
    if (hist === undefined || hist.length < this.config.minHistory || running < this.config.minCount) return NONE;
    let st = this.stats.get(key);
    if (st === undefined) {
      st = statsOf(hist);
      this.stats.set(key, st);
    }
    if (running <= st.med) return NONE;
    const score = Math.min(this.pick(deviation(running, st, this.config.threshold)), spikeCap(running, st));
    return { score, evidence: { observed: running, baseline: st.med, windowMs: this.config.windowMs } };
  }

  private closeWindow(partial = false): void {
    const start = this.windowStart as number;
    const end = start + this.config.windowMs;
    for (const key of new Set([...this.history.keys(), ...this.current.keys()])) {
      const observed = this.current.get(key) ?? 0;
      const hist = this.history.get(key) ?? [];
      if (!partial || observed > 0) this.judge(key, observed, hist, start, end);
      hist.push(observed);
      if (hist.length > this.config.historyWindows) hist.shift();
      this.history.set(key, hist);
    }
    this.current.clear();
    this.stats.clear();
    this.windowStart = end;
  }

  private judge(key: string, observed: number, hist: readonly number[], start: number, end: number): void {
    if (hist.length < this.config.minHistory) return;
    if (observed === 0) {
      this.judgeAbsence(key, hist, start, end);
      return;
    }
    this.absentRuns.delete(key);
    const med = median(hist);
    const spike = observed > med && observed >= this.config.minCount;
    const dip = observed < med && med >= this.config.minCount;
    if (!spike && !dip) return;
    const st = statsOf(hist);
    const d = deviation(observed, st, this.config.threshold);
    const score = spike ? Math.min(this.pick(d), spikeCap(observed, st)) : this.pick(d);
    if (score < 0.5) return;
    this.pending.push({ key, kind: spike ? 'spike' : 'dip', observed, baseline: med, score, windowStart: start, windowEnd: end, detail: d });
  }

  /**
   * A key that went silent: with f0 the (smoothed) share of empty windows in its history before
   * this silence, k silent windows in a row have probability f0^k. A 0.1%-event maps to 0.5, so a
   * once-a-minute heartbeat is missed after ~2 windows, a job every 5 minutes only after several.
   */
  private judgeAbsence(key: string, hist: readonly number[], start: number, end: number): void {
    const run = (this.absentRuns.get(key) ?? 0) + 1;
    this.absentRuns.set(key, run);
    const before = hist.slice(0, Math.max(0, hist.length - (run - 1)));
    // only a regular key can disappear: enough history, present in ≥ 80% of windows
    if (before.length < 2 * this.config.minHistory) return;
    const zeros = before.filter((v) => v === 0).length;
    const f0 = (zeros + 1) / (before.length + 2);
    if (f0 > 0.2) return;
    const score = squash(-run * Math.log10(f0), 3);
    if (score < 0.5) return;
    const med = median(before);
    this.pending.push({ key, kind: 'absent', observed: 0, baseline: med, score, windowStart: start - (run - 1) * this.config.windowMs, windowEnd: end, detail: { silentWindows: run, emptyShare: f0 } });
  }

  /** The miner generalised template `from` into `to`: merge their counts and histories. */
  alias(from: string, to: string): void {
    const f = `template:${from}`;
    const t = `template:${to}`;
    const cur = this.current.get(f);
    if (cur !== undefined) this.current.set(t, (this.current.get(t) ?? 0) + cur);
    this.current.delete(f);
    const hf = this.history.get(f);
    if (hf !== undefined) {
      const ht = this.history.get(t) ?? [];
      // align on the most recent windows; the longer history wins the length
      const len = Math.max(hf.length, ht.length);
      const merged = Array.from({ length: len }, (_, i) => (hf[hf.length - len + i] ?? 0) + (ht[ht.length - len + i] ?? 0));
      this.history.set(t, merged);
      this.history.delete(f);
    }
    this.stats.delete(t);
  }

  /** Findings of windows closed since the last call. */
  drainFindings(): RateFinding[] {
    return this.pending.splice(0, this.pending.length);
  }

  /** Closes the open window at end of input; it is partial, so only spikes are judged in it. */
  flush(): void {
    if (this.windowStart !== null && this.current.size > 0) this.closeWindow(true);
  }
}
