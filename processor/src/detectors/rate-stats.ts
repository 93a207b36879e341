/** Window-count statistics of the rate detector: baselines, Poisson tails and the three deviation scores. */
import { squash } from './detector.js';

/** Baseline statistics of one key's history, computed once per closed window. */
export interface HistoryStats {
  readonly mean: number;
  readonly sd: number;
  readonly q25: number;
  readonly q75: number;
  readonly med: number;
  readonly mad: number;
  /** Sum of the last `longWindows - 1` windows (the slow-spike test adds the open window). */
  readonly tail: number;
  /** Mean per window before that tail. */
  readonly baseMean: number;
}

export function statsOf(hist: readonly number[], tailLength: number): HistoryStats {
  // one numeric sort serves the quartiles, the median and the MAD
  return statsOfSorted(hist, sortedCopy(hist), tailLength);
}

/** `statsOf` with the history's values already in ascending order (kept up to date by the caller). */
export function statsOfSorted(hist: readonly number[], sorted: ArrayLike<number>, tailLength: number): HistoryStats {
  const n = hist.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += hist[i] as number;
  const mean = total / n;
  const cut = Math.max(0, n - tailLength);
  let tail = 0;
  for (let i = cut; i < n; i++) tail += hist[i] as number;
  const baseMean = cut > 0 ? (total - tail) / cut : mean;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((hist[i] as number) - mean) ** 2;
  const sd = Math.sqrt(ss / n);
  const med = sortedMedian(sorted);
  return { mean, sd, q25: quantile(sorted, 0.25), q75: quantile(sorted, 0.75), med, mad: 1.4826 * sortedMad(sorted, med), tail, baseMean };
}

/** Lower quantile of an ascending, non-empty array (a module function: no closure per call). */
function quantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  return sorted[Math.min(n - 1, Math.floor(p * (n - 1)))] as number;
}

/**
 * An ascending typed copy. Copied by index: `Float64Array.from` walks an array through the
 * iterator protocol, which cost more than the sort itself (this runs per key and window).
 */
export function sortedCopy(xs: readonly number[]): Float64Array {
  const n = xs.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = xs[i] as number;
  return out.sort();
}

/** First index of an ascending array whose value is ≥ `x`. */
function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Adds `x` to an ascending array, and takes one `removed` out of it when given: a history that
 * gains one window (and drops its oldest) stays sorted in O(n), instead of a sort per window.
 * False (array untouched) when `removed` is not in it: the caller's copy is out of step.
 */
export function shiftSorted(sorted: number[], x: number, removed?: number): boolean {
  if (removed !== undefined) {
    const at = lowerBound(sorted, removed);
    if (sorted[at] !== removed) return false;
    sorted.splice(at, 1);
  }
  sorted.splice(lowerBound(sorted, x), 0, x);
  return true;
}

/** Median of an ascending array; 0 for empty. */
export function sortedMedian(s: ArrayLike<number>): number {
  const n = s.length;
  if (n === 0) return 0;
  const m = n >> 1;
  return n % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * Median of |x − med| over an ascending array, without sorting the deviations: those left of
 * the median grow leftwards and those right of it grow rightwards, so merging the two runs
 * from the middle yields them in order (O(n) instead of another sort).
 */
export function sortedMad(s: ArrayLike<number>, med: number): number {
  const n = s.length;
  if (n === 0) return 0;
  let split = 0;
  while (split < n && (s[split] as number) < med) split++;
  let l = split - 1;
  let r = split;
  const m = n >> 1;
  let prev = 0;
  let cur = 0;
  for (let k = 0; k <= m; k++) {
    const dl = l >= 0 ? med - (s[l] as number) : Infinity;
    const dr = r < n ? (s[r] as number) - med : Infinity;
    prev = cur;
    if (dl <= dr) {
      cur = dl;
      l--;
    } else {
      cur = dr;
      r++;
    }
  }
  return n % 2 === 1 ? cur : (prev + cur) / 2;
}

export function sumLast(hist: readonly number[], n: number): number {
  let sum = 0;
  for (let i = Math.max(0, hist.length - n); i < hist.length; i++) sum += hist[i] as number;
  return sum;
}

/** log10 of P(X ≥ x) for X ~ Poisson(λ), x > λ: pmf(x) times a geometric bound on the tail. */
export function log10PoissonTail(x: number, lambda: number): number {
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
export function spikeCap(x: number, st: HistoryStats): number {
  return squash(-log10PoissonTail(x, Math.max(st.med, st.mean)), 4);
}

/** The three deviation scores of one count. */
export interface Deviation {
  zscore: number;
  iqr: number;
  mad: number;
}

/** Scores of one count against a history, by the three statistics. */
export function deviation(x: number, st: HistoryStats, threshold: number): { zscore: number; iqr: number; mad: number } {
  return deviationInto(x, st, threshold, { zscore: 0, iqr: 0, mad: 0 });
}

/** `deviation` into a caller's object (the per-line path reuses one). */
export function deviationInto(x: number, st: HistoryStats, threshold: number, out: Deviation): Deviation {
  const iqr = st.q75 - st.q25;
  // Poisson floor: a key that always logs 3/min must not look wild at 5/min
  const floor = Math.sqrt(Math.max(1, st.med));
  const zs = Math.abs(x - st.mean) / Math.max(st.sd, floor);
  const iq = x > st.q75 ? (x - st.q75) / Math.max(iqr, floor) : x < st.q25 ? (st.q25 - x) / Math.max(iqr, floor) : 0;
  const md = Math.abs(x - st.med) / Math.max(st.mad, floor);
  // IQR fences are usually set at 1.5–3 IQRs; rescale so one threshold serves all three
  out.zscore = squash(zs, threshold);
  out.iqr = squash(iq, threshold / 2);
  out.mad = squash(md, threshold);
  return out;
}
