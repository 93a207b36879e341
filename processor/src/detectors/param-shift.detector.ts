import { z } from 'zod';
import type { AttributeValue } from '../domain/log-record.js';
import type { DetectEvent, Detector, DetectorResult } from './detector.js';
import { mad, median, squash } from './detector.js';

/** Config of the numeric parameter shift detector. */
export const paramShiftConfigSchema = z.object({
  /** Baseline values kept per (template, position), oldest dropped. Default 200. */
  baselineSize: z.number().int().min(10).default(200),
  /** Recent values compared against the baseline. Default 5. */
  recentSize: z.number().int().min(1).default(5),
  /** Baseline values needed before scoring. Default 20. */
  minBaseline: z.number().int().min(5).default(20),
  /** Robust z (in MADs of log-values) that maps to 0.5. Default 3.5. */
  zThreshold: z.number().positive().default(3.5),
  /** Smallest spread assumed, in log units (0.5 ≈ a factor of 1.65), so small counts (1 → 3) are not shifts. Default 0.5. */
  minSpread: z.number().positive().default(0.5),
  /** A position whose baseline has more than this share of outliers is not one stable quantity (skip it). Default 0.05. */
  maxOutlierShare: z.number().min(0).max(1).default(0.05),
});
export type ParamShiftConfig = z.infer<typeof paramShiftConfigSchema>;

interface Series {
  baseline: number[];
  recent: number[];
  /** Cached baseline median and spread, refreshed every `recentSize` new baseline values. */
  med: number;
  spread: number;
  staleIn: number;
  /** Mostly increasing values: a counter (uptime, totals), whose growth is not a shift. */
  counter: boolean;
  /** Few baseline outliers: one quantity, not several fields sharing a position. */
  stable: boolean;
}

/**
 * Measurements only: a decimal, a number with a unit, or an integer of 3+ digits. One- and
 * two-digit integers are mostly clock parts, counters and enums, whose drift is not a shift.
 */
const MEASUREMENT = /^-?(?:\d+\.\d+|\d+(?:ms|s|us|µs|ns|b|kb|mb|gb|%)|\d{3,})$/i;

const NONE: DetectorResult = { score: 0, evidence: {} };

/** A unit right after a placeholder (`in <*> ms`) or a key right before it (`rt=<*>`) marks a measurement. */
const UNIT_AFTER = /^\s*(?:ms|msec|s|sec|secs|seconds|us|µs|ns|bytes|b|kb|mb|gb|%)\b/i;
const KEY_BEFORE = /[A-Za-z_]=\s*$/;
const INTEGER = /^-?\d+$/;

/** Per placeholder of a template: is it a measurement whatever its digit count? */
function measuredPositions(templateText: string): boolean[] {
  const parts = templateText.split('<*>');
  return parts.slice(0, -1).map((before, i) => KEY_BEFORE.test(before) || UNIT_AFTER.test(parts[i + 1] ?? ''));
}

function numericValue(param: string, measured = false): number | null {
  const t = param.trim();
  if (t.length > 15 || !(MEASUREMENT.test(t) || (measured && INTEGER.test(t)))) return null;
  const v = Number.parseFloat(t);
  return Number.isFinite(v) ? v : null;
}

const POSITION_SUFFIXES: string[] = [];

function positionSuffix(i: number): string {
  return (POSITION_SUFFIXES[i] ??= `#${i}`);
}

/** A structured field's numeric value: numbers as they are, numeric strings as measurements. */
function attributeValue(v: AttributeValue | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return typeof v === 'string' ? numericValue(v, true) : null;
}

/**
 * A numeric parameter (latency, size, retries) that jumps while the template text stays the
 * same. Baseline: median/MAD of log-values per (template, parameter position); the score is
 * the robust z of the *recent* median, so one odd value is not enough but a level shift is,
 * and the line's own value must also be on the shifted side.
 */
export class ParamShiftDetector implements Detector<DetectEvent> {
  readonly name = 'param_shift';
  private readonly series = new Map<string, Series>();
  // score() and learn() see the same event back to back: parse its parameters once
  private lastEvent: DetectEvent | null = null;
  private lastValues: Array<number | null> = [];

  private readonly measured = new Map<string, boolean[]>();
  private lastSuffixes: string[] = [];

  /**
   * Numeric values of an event and the series suffix of each: `#<position>` for template
   * parameters, `@<name>` for structured fields (any numeric field is a candidate; counters,
   * ids and mixed positions are filtered by the baseline checks).
   */
  private valuesOf(e: DetectEvent): Array<number | null> {
    if (e !== this.lastEvent) {
      this.lastEvent = e;
      let m = this.measured.get(e.templateText);
      if (m === undefined) {
        m = measuredPositions(e.templateText);
        this.measured.set(e.templateText, m);
      }
      const marks = m;
      const values = e.params.map((p, i) => numericValue(p, marks[i] === true));
      const suffixes = e.params.map((_, i) => positionSuffix(i));
      if (e.attributes !== undefined) {
        for (const name in e.attributes) {
          const v = attributeValue(e.attributes[name]);
          if (v === null) continue;
          values.push(v);
          suffixes.push(`@${name}`);
        }
      }
      this.lastValues = values;
      this.lastSuffixes = suffixes;
    }
    return this.lastValues;
  }

  constructor(private readonly config: ParamShiftConfig = paramShiftConfigSchema.parse({})) {}

  learn(e: DetectEvent): void {
    const values = this.valuesOf(e);
    for (let pos = 0; pos < values.length; pos++) {
      const v = values[pos];
      if (v === null || v === undefined) continue;
      const key = e.templateId + (this.lastSuffixes[pos] as string);
      let s = this.series.get(key);
      if (s === undefined) {
        s = { baseline: [], recent: [], med: 0, spread: 1, staleIn: 0, counter: false, stable: false };
        this.series.set(key, s);
      }
      s.recent.push(Math.log1p(Math.abs(v)));
      if (s.recent.length > this.config.recentSize) s.baseline.push(s.recent.shift() as number);
      if (s.baseline.length > this.config.baselineSize) s.baseline.shift();
      // refresh once the baseline is first usable, then every few values
      if (--s.staleIn <= 0 || s.baseline.length === this.config.minBaseline) this.refresh(s);
    }
  }

  private refresh(s: Series): void {
    s.med = median(s.baseline);
    // floor the spread: constant baselines (always 200 ms) must not make 201 ms infinitely odd
    s.spread = Math.max(mad(s.baseline, s.med), 0.1 * Math.abs(s.med), this.config.minSpread);
    let far = 0;
    let ups = 0;
    for (let i = 0; i < s.baseline.length; i++) {
      const b = s.baseline[i] as number;
      if (Math.abs(b - s.med) / s.spread > this.config.zThreshold) far++;
      if (i > 0 && b > (s.baseline[i - 1] as number)) ups++;
    }
    s.stable = far <= this.config.maxOutlierShare * s.baseline.length;
    s.counter = s.baseline.length > 1 && ups / (s.baseline.length - 1) >= 0.8;
    // refreshing the baseline every few values keeps per-line cost O(1) amortised
    s.staleIn = Math.max(this.config.recentSize, Math.floor(this.config.baselineSize / 2));
  }

  score(e: DetectEvent): DetectorResult {
    let best: DetectorResult = NONE;
    const values = this.valuesOf(e);
    for (let pos = 0; pos < values.length; pos++) {
      const v = values[pos];
      if (v === null || v === undefined) continue;
      const s = this.series.get(e.templateId + (this.lastSuffixes[pos] as string));
      if (s === undefined || s.baseline.length < this.config.minBaseline || s.counter || !s.stable) continue;
      const lv = Math.log1p(Math.abs(v));
      const zLine = (lv - s.med) / s.spread;
      // the common case: this value is ordinary, so it cannot be part of a shift
      if (Math.abs(zLine) < this.config.zThreshold / 2) continue;
      // a level shift moves every recent value the same way; a position that mixes two
      // fields (0 and 8080 alternating) does not
      let zRecent = zLine;
      let consistent = true;
      for (const r of s.recent) {
        const zr = (r - s.med) / s.spread;
        if (Math.sign(zr) !== Math.sign(zLine)) consistent = false;
        if (Math.abs(zr) < Math.abs(zRecent)) zRecent = zr;
      }
      if (!consistent) continue;
      const score = squash(Math.abs(zRecent), this.config.zThreshold);
      if (score > best.score) {
        best = { score, evidence: { position: pos, field: this.lastSuffixes[pos], observed: v, baseline: Math.expm1(s.med), robustZ: zRecent, direction: zRecent > 0 ? 'up' : 'down' } };
      }
    }
    return best;
  }
}
