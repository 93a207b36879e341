/**
 * Per-line features for on-demand detection over stored logs (`detectAnomalies`, `scoreLog`).
 * Every feature is computed relative to the scanned set itself, so no state outside it is needed.
 */
import { mad, median } from './detector.js';

/** One stored line as the feature builder needs it. */
export interface ScanRow {
  readonly id: string;
  readonly timestamp: Date;
  readonly templateId: string | null;
  readonly level: string;
  readonly parameters: readonly string[];
  /** The streaming pipeline's combined line score, null when it was not scored. */
  readonly score: number | null;
}

/** Names of the feature columns, in row order. */
export const FEATURE_NAMES = ['rarity', 'rateZ', 'severity', 'paramShift', 'pipelineScore'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

// Level → how bad it reads; UNKNOWN sits with INFO (most unlevelled lines are routine).
const LEVEL_SEVERITY: Readonly<Record<string, number>> = {
  TRACE: 0,
  DEBUG: 0.1,
  INFO: 0.2,
  UNKNOWN: 0.2,
  WARN: 0.5,
  ERROR: 0.8,
  FATAL: 1,
};

/** Buckets for the rate feature: at most this many over the scanned span (width ≥ 1 minute). */
const MAX_BUCKETS = 1440;
/** A parameter position needs this many numeric values in its template before it has a baseline. */
const MIN_NUMERIC = 5;
const NO_TEMPLATE = '\u0000none';

/**
 * Feature matrix of `rows` (one row of `FEATURE_NAMES` per line):
 * - `rarity` −ln(share of the line's template) / ln(n): 0 for the only template, 1 for a singleton;
 * - `rateZ` z-score of the template's count in the line's time bucket against its mean per bucket
 *   over the whole span (Poisson floor √mean on the deviation, so a steady trickle is not wild);
 * - `severity` the level read as badness (TRACE 0 … FATAL 1);
 * - `paramShift` ln(1 + robust z) of the most deviant numeric parameter against the same position
 *   of the same template (median/MAD);
 * - `pipelineScore` the streaming detectors' stored score (0 when absent), which carries the
 *   semantic severity computed from embeddings at ingestion.
 */
export function buildFeatures(rows: readonly ScanRow[]): number[][] {
  const n = rows.length;
  if (n === 0) return [];
  const templateOf = (r: ScanRow): string => r.templateId ?? NO_TEMPLATE;
  const counts = countBy(rows, templateOf);
  const rate = rateZScores(rows, templateOf);
  const shift = paramShifts(rows, templateOf);
  const logN = Math.log(Math.max(2, n));
  return rows.map((r, i) => [
    Math.max(0, -Math.log((counts.get(templateOf(r)) ?? 1) / n) / logN),
    rate[i] ?? 0,
    LEVEL_SEVERITY[r.level] ?? 0.2,
    shift[i] ?? 0,
    r.score ?? 0,
  ]);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

function rateZScores(rows: readonly ScanRow[], templateOf: (r: ScanRow) => string): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    const t = r.timestamp.getTime();
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  const width = Math.max(60_000, Math.ceil((hi - lo + 1) / MAX_BUCKETS));
  const buckets = Math.max(1, Math.floor((hi - lo) / width) + 1);
  const bucketOf = (r: ScanRow): number => Math.floor((r.timestamp.getTime() - lo) / width);
  const cells = countBy(rows, (r) => `${templateOf(r)}\u0001${bucketOf(r)}`);
  // mean and sd over ALL buckets of the span (zeros included), from sums instead of arrays
  const sums = new Map<string, { s: number; s2: number }>();
  for (const [cell, c] of cells) {
    const t = cell.slice(0, cell.lastIndexOf('\u0001'));
    const acc = sums.get(t) ?? { s: 0, s2: 0 };
    acc.s += c;
    acc.s2 += c * c;
    sums.set(t, acc);
  }
  return rows.map((r) => {
    const t = templateOf(r);
    const acc = sums.get(t) ?? { s: 0, s2: 0 };
    const mean = acc.s / buckets;
    const sd = Math.sqrt(Math.max(0, acc.s2 / buckets - mean * mean));
    const c = cells.get(`${t}\u0001${bucketOf(r)}`) ?? 0;
    return (c - mean) / Math.max(sd, Math.sqrt(Math.max(1, mean)));
  });
}

function paramShifts(rows: readonly ScanRow[], templateOf: (r: ScanRow) => string): number[] {
  const values = new Map<string, number[]>();
  const numeric = rows.map((r) => r.parameters.map((p) => (/^-?\d+(\.\d+)?$/.test(p) ? Number(p) : null)));
  rows.forEach((r, i) => {
    numeric[i]?.forEach((v, pos) => {
      if (v === null) return;
      const key = `${templateOf(r)}\u0001${pos}`;
      const list = values.get(key) ?? [];
      list.push(v);
      values.set(key, list);
    });
  });
  const baselines = new Map<string, { med: number; spread: number }>();
  for (const [key, list] of values) {
    if (list.length < MIN_NUMERIC) continue;
    const med = median(list);
    // floor: a parameter that never varies must not make a 1-unit change look infinite
    baselines.set(key, { med, spread: Math.max(mad(list, med), 0.05 * Math.abs(med), 1) });
  }
  return rows.map((r, i) => {
    let worst = 0;
    numeric[i]?.forEach((v, pos) => {
      const b = v === null ? undefined : baselines.get(`${templateOf(r)}\u0001${pos}`);
      if (b && v !== null) worst = Math.max(worst, Math.abs(v - b.med) / b.spread);
    });
    return Math.log1p(worst);
  });
}
