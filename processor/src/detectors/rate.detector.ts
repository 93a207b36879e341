import { rateConfigSchema, type RateConfig, type RateFinding } from './rate-config.js';
import type { DetectEvent, Detector, DetectorResult } from './detector.js';
import { median, squash } from './detector.js';
import { RateKeyIndex, TRACKED_LEVELS, type RateKeyState } from './rate-keys.js';
import { deviation, deviationInto, log10PoissonTail, shiftSorted, sortedCopy, spikeCap, statsOfSorted, sumLast, type Deviation, type HistoryStats } from './rate-stats.js';

export { parseRateKey, type RateKeyKind } from './rate-keys.js';
export { rateConfigSchema, type RateConfig, type RateFinding } from './rate-config.js';

const NONE: DetectorResult = { score: 0, evidence: {} };


/** Service busyness relative to its baseline, for the open window and the slow-spike span. */
interface Load {
  short: number;
  long: number;
}

const NO_LOAD: Readonly<Load> = { short: 1, long: 1 };

/**
 * Counts per template and per service in fixed windows; compares each window with the
 * key's own history by z-score, IQR fence and median/MAD. Spikes are scored while the window
 * is still open (the running count already exceeds the baseline), dips and absences when
 * it closes (an expected, regular key that went quiet).
 */
export class RateDetector implements Detector<DetectEvent> {
  readonly name = 'rate';
  private windowStart: number | null = null;
  /** Keys counted in the open window, in order of their first line (a key's count is on its state). */
  private readonly current = new Map<string, RateKeyState>();
  private readonly history = new Map<string, number[]>();
  private readonly pending: RateFinding[] = [];
  /** Per-key state of every key seen (mirrors `current` and `history` for the per-line path). */
  private readonly keys = new RateKeyIndex();
  /** Number of the open window: a key's count and statistics from an older window are stale. */
  private seq = 0;
  /** Each key's history in ascending order, kept in step with `history` (no sort per key and window). */
  private readonly sortedHistory = new Map<string, number[]>();
  /** Consecutive empty windows per key. */
  private readonly absentRuns = new Map<string, number>();
  /** Highest count per key in a window that was not itself flagged as a spike (all time). */
  private readonly peaks = new Map<string, number>();
  /** Same, for sums over `longWindows` windows. */
  private readonly longPeaks = new Map<string, number>();
  /** Keys whose slow-spike test fired in the open window (their sums must not raise the bar). */
  private readonly longFlagged = new Set<string>();
  /** Counts of flagged windows, waiting to join the peaks when the burst is over. */
  private readonly pendingPeaks = new Map<string, number>();
  /** Same, for `longPeaks`. */
  private readonly pendingLongPeaks = new Map<string, number>();

  constructor(private readonly config: RateConfig = rateConfigSchema.parse({})) {}

  /** Lines of the key in the open window. */
  private countOf(ks: RateKeyState): number {
    return ks.seq === this.seq ? ks.count : 0;
  }

  /** Adds `n` lines to the key in the open window (it joins `current` with its first one). */
  private bump(ks: RateKeyState, n = 1): void {
    if (ks.seq !== this.seq) {
      ks.seq = this.seq;
      ks.count = 0;
      this.current.set(ks.key, ks);
    }
    ks.count += n;
  }

  /** Sets a key's history (kept on its state as well). */
  private setHistory(key: string, hist: number[]): void {
    this.history.set(key, hist);
    this.keys.state(key).hist = hist;
  }

  private pick(d: Deviation): number {
    if (this.config.method !== 'vote') return d[this.config.method];
    // the 2nd highest of three is their median
    const { zscore: a, iqr: b, mad: c } = d;
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }

  /** Scratch for the live (per-line) deviation scores. */
  private readonly liveDeviation: Deviation = { zscore: 0, iqr: 0, mad: 0 };

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
    const { template: tk, level: lk, service: sk } = this.keys.of(e);
    this.bump(tk);
    if (lk !== null) this.bump(lk);
    if (sk === null) return;
    this.bump(sk);
    tk.service = sk.key;
    if (lk !== null) lk.service = sk.key;
  }

  score(e: DetectEvent): DetectorResult {
    this.advance(e.time);
    const { template, level, service } = this.keys.of(e);
    const byTemplate = this.liveSpike(template, service);
    if (level === null) return byTemplate;
    const byLevel = this.liveSpike(level, service);
    return byLevel.score > byTemplate.score ? byLevel : byTemplate;
  }

  /**
   * How much busier the service is than usual, in the open window and over the slow-spike span
   * (≥ 1). A template that doubles because its whole service doubled is load, not an anomaly
   * of that template; the service's own rate key judges the load.
   */
  private loadOf(service: RateKeyState, own: HistoryStats, ownRunning: number): Readonly<Load> {
    const hist = service.hist;
    if (hist === undefined || hist.length < this.config.minHistory) return NO_LOAD;
    const st = this.statsFor(service, hist);
    const l = this.config.longWindows;
    // the rest of the service, without this key: its own rise must not explain itself away
    const running = this.countOf(service) - ownRunning;
    // one scratch object, read at once by the caller: this runs for most lines
    const load = this.load;
    load.short = Math.max(1, running / Math.max(1, st.med - own.med));
    load.long = Math.max(1, (running + st.tail - own.tail) / Math.max(1, l * (st.baseMean - own.baseMean)));
    return load;
  }

  private readonly load: Load = { short: 1, long: 1 };

  /** Statistics of the key's history, computed once per window (`hist` is the key's history). */
  private statsFor(ks: RateKeyState, hist: readonly number[]): HistoryStats {
    if (ks.statsSeq === this.seq && ks.stats !== undefined) return ks.stats;
    let sorted = this.sortedHistory.get(ks.key);
    if (sorted === undefined || sorted.length !== hist.length) this.sortedHistory.set(ks.key, (sorted = Array.from(sortedCopy(hist))));
    const st = statsOfSorted(hist, sorted, this.config.longWindows - 1);
    ks.stats = st;
    ks.statsSeq = this.seq;
    return st;
  }

  /** Spike score of a key's open window, counting the line being scored, net of service load. */
  private liveSpike(ks: RateKeyState, service: RateKeyState | null): DetectorResult {
    const hist = ks.hist;
    if (hist === undefined || hist.length < this.config.minHistory) return NONE;
    const st = this.statsFor(ks, hist);
    const key = ks.key;
    const raw = this.countOf(ks) + 1;
    const load = service === null ? NO_LOAD : this.loadOf(service, st, raw - 1);
    const running = raw / load.short;
    const short = running < this.config.minCount || running <= st.med ? 0
      : Math.min(this.pick(deviationInto(running, st, this.config.threshold, this.liveDeviation)), spikeCap(running, st), this.peakCap(this.peaks, key, running));
    const long = this.slowSpike(key, (raw + st.tail) / load.long, st, hist.length);
    const score = Math.max(short, long);
    if (score === 0) return NONE;
    const isLong = long > short;
    return { score, evidence: { key, observed: isLong ? raw + st.tail : raw, baseline: isLong ? st.baseMean * this.config.longWindows : st.med, windows: isLong ? this.config.longWindows : 1, serviceLoad: isLong ? load.long : load.short, windowMs: this.config.windowMs } };
  }

  /**
   * The sum over the last `longWindows` windows against a Poisson baseline of the windows
   * before, capped by the highest such sum seen in calm times.
   */
  private slowSpike(key: string, x: number, st: HistoryStats, historyLength: number): number {
    const l = this.config.longWindows;
    if (historyLength < this.config.minHistory + l - 1 || x < this.config.minCount || x <= l * st.baseMean) return 0;
    const score = Math.min(squash(-log10PoissonTail(x, l * st.baseMean), 4), this.peakCap(this.longPeaks, key, x));
    if (score >= 0.5) this.longFlagged.add(key);
    return score;
  }

  /** 0.5 at `peakRatio` × the highest unflagged window count of the key. */
  private peakCap(peaks: ReadonlyMap<string, number>, key: string, observed: number): number {
    return squash(observed / Math.max(1, peaks.get(key) ?? 0), this.config.peakRatio);
  }

  private closeWindow(partial = false): void {
    const start = this.windowStart as number;
    const end = start + this.config.windowMs;
    const medians = this.serviceMedians();
    for (const key of new Set([...this.history.keys(), ...this.current.keys()])) {
      const observed = this.current.get(key)?.count ?? 0;
      const hist = this.history.get(key) ?? [];
      const flagged = ((!partial || observed > 0) && this.judge(key, observed, hist, medians, start, end)) || this.longFlagged.has(key);
      hist.push(observed);
      const dropped = hist.length > this.config.historyWindows ? hist.shift() : undefined;
      this.setHistory(key, hist);
      const sorted = this.sortedHistory.get(key);
      if (sorted !== undefined && !shiftSorted(sorted, observed, dropped)) this.sortedHistory.delete(key);
      this.updatePeak(this.peaks, this.pendingPeaks, key, observed, flagged);
      this.updatePeak(this.longPeaks, this.pendingLongPeaks, key, sumLast(hist, this.config.longWindows), this.longFlagged.has(key));
    }
    this.longFlagged.clear();
    this.current.clear();
    // every count and cached statistic now belongs to a closed window
    this.seq++;
    this.windowStart = end;
  }

  /**
   * The highest count of a key in calm windows. A flagged window's count waits in `pendingPeaks`
   * and joins the peak once the burst is over: a spike must not raise the bar for its own
   * continuation, but once it passed, the same level again is a known mode (a batch job's next run).
   */
  private updatePeak(peaks: Map<string, number>, pendingPeaks: Map<string, number>, key: string, observed: number, flagged: boolean): void {
    const pending = pendingPeaks.get(key) ?? 0;
    if (flagged) {
      if (observed > pending) pendingPeaks.set(key, observed);
      return;
    }
    const best = Math.max(observed, pending);
    if (best > (peaks.get(key) ?? 0)) peaks.set(key, best);
    if (pending > 0) pendingPeaks.delete(key);
  }

  /** Baseline median of every service key, before the closing window joins the history. */
  private serviceMedians(): Map<string, number> {
    const out = new Map<string, number>();
    // the window's cached statistics hold the same median (same history, same sort)
    for (const [key, hist] of this.history) if (key.startsWith('service:') && hist.length >= this.config.minHistory) out.set(key, this.statsFor(this.keys.state(key), hist).med);
    return out;
  }

  /** How much busier the rest of the key's service was than usual in the closing window (≥ 1). */
  private restLoad(medians: ReadonlyMap<string, number>, key: string, observed: number, med: number): number {
    const service = this.keys.find(key)?.service;
    const svcMed = service === undefined ? undefined : medians.get(service);
    if (service === undefined || svcMed === undefined) return 1;
    const rest = (this.current.get(service)?.count ?? 0) - observed;
    return Math.max(1, rest / Math.max(1, svcMed - med));
  }

  /** Judges one closed window of a key; true when it was flagged as a spike. */
  private judge(key: string, observed: number, hist: readonly number[], serviceMedians: ReadonlyMap<string, number>, start: number, end: number): boolean {
    if (hist.length < this.config.minHistory) return false;
    if (observed === 0) {
      this.judgeAbsence(key, hist, start, end);
      return false;
    }
    this.absentRuns.delete(key);
    // the statistics of the closing window's history, cached if the key was scored live in it
    const st = this.statsFor(this.keys.state(key), hist);
    const med = st.med;
    const load = this.restLoad(serviceMedians, key, observed, med);
    // spikes are judged net of the service's load; dips as they are (a silent service is news)
    const net = observed / load;
    const spike = net > med && net >= this.config.minCount;
    const dip = observed < med && med >= this.config.minCount;
    if (!spike && !dip) return false;
    const d = deviation(observed, st, this.config.threshold);
    const score = spike
      ? Math.min(this.pick(deviation(net, st, this.config.threshold)), spikeCap(net, st), this.peakCap(this.peaks, key, net))
      : Math.min(this.pick(d), squash(med / observed, this.config.dipRatio));
    if (score < 0.5) return false;
    this.pending.push({ key, kind: spike ? 'spike' : 'dip', observed, baseline: med, score, windowStart: start, windowEnd: end, detail: d });
    return spike;
  }

  /**
   * A key that went silent: with f0 the (smoothed) share of empty windows in its history before
   * this silence, k silent windows in a row have probability f0^k. A 0.1%-event maps to 0.5, so a
   * once-a-minute heartbeat is missed after ~2 windows, a job every 5 minutes only after several.
   */
  private judgeAbsence(key: string, hist: readonly number[], start: number, end: number): void {
    const run = (this.absentRuns.get(key) ?? 0) + 1;
    this.absentRuns.set(key, run);
    // the history before this silence, counted in place: most keys judged here are rare ones
    // that stop at the checks below, and a copy per key and window was most of their cost
    const length = Math.max(0, hist.length - (run - 1));
    // only a regular key can disappear: enough history, present in ≥ 80% of windows
    if (length < 2 * this.config.minHistory) return;
    let zeros = 0;
    for (let i = 0; i < length; i++) if (hist[i] === 0) zeros++;
    const f0 = (zeros + 1) / (length + 2);
    if (f0 > 0.2) return;
    const score = squash(-run * Math.log10(f0), this.config.absenceSurpriseAt50);
    if (score < 0.5) return;
    const med = median(hist.slice(0, length));
    this.pending.push({ key, kind: 'absent', observed: 0, baseline: med, score, windowStart: start - (run - 1) * this.config.windowMs, windowEnd: end, detail: { silentWindows: run, emptyShare: f0 } });
  }

  /** The miner generalised template `from` into `to`: merge their counts and histories. */
  alias(from: string, to: string): void {
    this.mergeKey(`template:${from}`, `template:${to}`);
    for (const level of TRACKED_LEVELS) this.mergeKey(`level:${level}|${from}`, `level:${level}|${to}`);
  }

  private mergeKey(f: string, t: string): void {
    const cur = this.current.get(f);
    if (cur !== undefined) {
      this.bump(this.keys.state(t), cur.count);
      this.current.delete(f);
      cur.seq = -1;
    }
    const hf = this.history.get(f);
    if (hf !== undefined) {
      const ht = this.history.get(t) ?? [];
      // align on the most recent windows; the longer history wins the length
      const len = Math.max(hf.length, ht.length);
      const merged = Array.from({ length: len }, (_, i) => (hf[hf.length - len + i] ?? 0) + (ht[ht.length - len + i] ?? 0));
      this.setHistory(t, merged);
      this.history.delete(f);
      this.keys.state(f).hist = undefined;
    }
    for (const peaks of [this.peaks, this.longPeaks]) {
      const pf = peaks.get(f);
      if (pf !== undefined) peaks.set(t, Math.max(pf, peaks.get(t) ?? 0));
      peaks.delete(f);
    }
    this.keys.state(t).statsSeq = -1;
    this.sortedHistory.delete(f);
    this.sortedHistory.delete(t);
  }

  /** True when closed windows left findings to drain (a cheap check for the per-line path). */
  get hasFindings(): boolean {
    return this.pending.length > 0;
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
