import { z } from 'zod';
import type { AttributeValue } from '../domain/log-record.js';
import type { DetectEvent, Detector, DetectorResult } from './detector.js';
import { squash } from './detector.js';
import { medianInPlace } from './order-stats.js';

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
  /** Baseline ring (oldest at `bHead`), `bLen` values. */
  readonly baseline: Float64Array;
  bHead: number;
  bLen: number;
  /** Recent ring (oldest at `rHead`), `rLen` values. */
  readonly recent: Float64Array;
  rHead: number;
  rLen: number;
  /** Cached baseline median and spread, refreshed every `recentSize` new baseline values. */
  med: number;
  spread: number;
  staleIn: number;
  /** Mostly increasing values: a counter (uptime, totals), whose growth is not a shift. */
  counter: boolean;
  /** Few baseline outliers: one quantity, not several fields sharing a position. */
  stable: boolean;
}

/** Per template: which placeholders are measurements, and the series of each position / field. */
interface TemplateState {
  text: string;
  measured: boolean[];
  readonly positions: Array<Series | undefined>;
  readonly fields: Map<string, Series>;
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

/** Per placeholder of a template: is it a measurement whatever its digit count? */
function measuredPositions(templateText: string): boolean[] {
  const parts = templateText.split('<*>');
  return parts.slice(0, -1).map((before, i) => KEY_BEFORE.test(before) || UNIT_AFTER.test(parts[i + 1] ?? ''));
}

/** `i % size` for 0 ≤ i < 2·size. */
function wrap(i: number, size: number): number {
  return i >= size ? i - size : i;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The value of a measurement parameter, or NaN (a number either way keeps the hot loops on
 * doubles). A hand scan equivalent to `MEASUREMENT` / `INTEGER` followed by `parseFloat`: most
 * parameters fail on their first characters, and this runs for every parameter of every line.
 */
function numericValue(param: string, measured = false): number {
  // most parameters are words, paths or ids: reject them on the first character, before trim
  const c = param.charCodeAt(0);
  if (!(isDigit(c) || c === 45 || c <= 32 || c >= 128)) return Number.NaN;
  const end = param.charCodeAt(param.length - 1);
  const t = c <= 32 || c >= 128 || end <= 32 || end >= 128 ? param.trim() : param;
  const n = t.length;
  if (n > 15) return Number.NaN;
  const negative = t.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  const start = i;
  // at most 15 characters: the digits fit a double exactly
  let mantissa = 0;
  while (i < n && isDigit(t.charCodeAt(i))) mantissa = mantissa * 10 + (t.charCodeAt(i++) - 48);
  const digits = i - start;
  if (digits === 0) return Number.NaN;
  let scale = 1;
  if (i === n) {
    if (digits < 3 && !measured) return Number.NaN;
  } else if (t.charCodeAt(i) === 46) {
    let j = i + 1;
    while (j < n && isDigit(t.charCodeAt(j))) {
      mantissa = mantissa * 10 + (t.charCodeAt(j++) - 48);
      scale *= 10;
    }
    if (j !== n || j === i + 1) return Number.NaN;
  } else if (!(n - i <= 2 && MEASUREMENT.test(t))) {
    // digits then something else: only a unit (at most 2 characters) qualifies; dates and
    // host:port pairs end here without the regex
    return Number.NaN;
  }
  // exact mantissa over an exact power of ten: one correctly rounded division, as parseFloat gives
  const v = scale === 1 ? mantissa : mantissa / scale;
  return negative ? -v : v;
}

const POSITION_SUFFIXES: string[] = [];

function positionSuffix(i: number): string {
  return (POSITION_SUFFIXES[i] ??= `#${i}`);
}

/** A structured field's numeric value (NaN if none): numbers as they are, numeric strings as measurements. */
function attributeValue(v: AttributeValue | undefined): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN;
  return typeof v === 'string' ? numericValue(v, true) : Number.NaN;
}

function newSeries(baselineSize: number, recentSize: number): Series {
  return { baseline: new Float64Array(baselineSize), bHead: 0, bLen: 0, recent: new Float64Array(recentSize), rHead: 0, rLen: 0, med: 0, spread: 1, staleIn: 0, counter: false, stable: false };
}

/**
 * A numeric parameter (latency, size, retries) that jumps while the template text stays the
 * same. Baseline: median/MAD of log-values per (template, parameter position); the score is
 * the robust z of the *recent* median, so one odd value is not enough but a level shift is,
 * and the line's own value must also be on the shifted side.
 *
 * Hot path (every line): one map lookup per template, ring buffers of log-values, no strings
 * built and no objects allocated unless a series is new or a line actually scores.
 */
export class ParamShiftDetector implements Detector<DetectEvent> {
  readonly name = 'param_shift';
  private readonly templates = new Map<string, TemplateState>();
  // score() and learn() see the same event back to back: parse its parameters once
  private lastEvent: DetectEvent | null = null;
  private lastState: TemplateState | null = null;
  /**
   * Values of the last event (NaN = not a measurement); positions first, then fields. A reused
   * typed buffer with its own count: no array is cleared, grown or boxed per line.
   */
  private values = new Float64Array(32);
  /** log1p(|value|) of each value: the quantity the series hold, computed once for score and learn. */
  private logs = new Float64Array(32);
  /** The series of each value (undefined for NaN), resolved once for score and learn. */
  private readonly series: Array<Series | undefined> = [];
  private valueCount = 0;
  /** Field name of each value past the positions (entries past the count are stale). */
  private readonly fieldNames: string[] = [];
  private positionCount = 0;
  /** Scratch for medians: a chronological copy of a baseline, and its deviations from the median. */
  private readonly scratch: Float64Array;
  private readonly deviations: Float64Array;

  constructor(private readonly config: ParamShiftConfig = paramShiftConfigSchema.parse({})) {
    this.scratch = new Float64Array(config.baselineSize);
    this.deviations = new Float64Array(config.baselineSize);
  }

  private stateOf(e: DetectEvent): TemplateState {
    let st = this.templates.get(e.templateId);
    if (st === undefined) {
      st = { text: e.templateText, measured: measuredPositions(e.templateText), positions: [], fields: new Map() };
      this.templates.set(e.templateId, st);
    } else if (st.text !== e.templateText) {
      st.text = e.templateText;
      st.measured = measuredPositions(e.templateText);
    }
    return st;
  }

  /**
   * Numeric values of an event: template parameters by position, then structured fields (any
   * numeric field is a candidate; counters, ids and mixed positions are filtered by the
   * baseline checks).
   */
  private parse(e: DetectEvent): TemplateState {
    if (e === this.lastEvent && this.lastState !== null) return this.lastState;
    const st = this.stateOf(e);
    const params = e.params;
    const np = params.length;
    let values = this.values;
    if (values.length < np) values = this.grow(2 * np);
    const measured = st.measured;
    for (let i = 0; i < np; i++) values[i] = numericValue(params[i] as string, measured[i] === true);
    let n = np;
    const attributes = e.attributes;
    if (attributes !== undefined) {
      for (const name in attributes) {
        const v = attributeValue(attributes[name]);
        if (Number.isNaN(v)) continue;
        if (n === values.length) values = this.grow(2 * n);
        values[n] = v;
        this.fieldNames[n - np] = name;
        n++;
      }
    }
    this.positionCount = np;
    this.valueCount = n;
    const logs = this.logs;
    const series = this.series;
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      if (Number.isNaN(v)) {
        series[i] = undefined;
        continue;
      }
      logs[i] = Math.log1p(Math.abs(v));
      // created here rather than in learn: an empty series is skipped by score all the same
      series[i] = this.seriesAt(st, i);
    }
    this.lastEvent = e;
    this.lastState = st;
    return st;
  }

  private grow(size: number): Float64Array<ArrayBuffer> {
    const values = new Float64Array(size);
    values.set(this.values);
    this.values = values;
    this.logs = new Float64Array(size);
    return values;
  }

  private seriesAt(st: TemplateState, i: number): Series {
    if (i < this.positionCount) {
      let s = st.positions[i];
      if (s === undefined) st.positions[i] = s = newSeries(this.config.baselineSize, this.config.recentSize);
      return s;
    }
    const name = this.fieldNames[i - this.positionCount] as string;
    let s = st.fields.get(name);
    if (s === undefined) st.fields.set(name, (s = newSeries(this.config.baselineSize, this.config.recentSize)));
    return s;
  }

  learn(e: DetectEvent): void {
    this.parse(e);
    const { logs, series } = this;
    for (let i = 0, n = this.valueCount; i < n; i++) {
      const s = series[i];
      if (s !== undefined) this.push(s, logs[i] as number);
    }
  }

  /** Appends to the recent ring; its oldest value moves on to the baseline ring. */
  private push(s: Series, lv: number): void {
    const { recentSize, baselineSize, minBaseline } = this.config;
    // ring indices wrap by one comparison: heads and lengths never exceed the ring sizes
    if (s.rLen < recentSize) {
      s.recent[wrap(s.rHead + s.rLen++, recentSize)] = lv;
    } else {
      const oldest = s.recent[s.rHead] as number;
      s.recent[s.rHead] = lv;
      s.rHead = wrap(s.rHead + 1, recentSize);
      if (s.bLen < baselineSize) {
        s.baseline[wrap(s.bHead + s.bLen++, baselineSize)] = oldest;
      } else {
        s.baseline[s.bHead] = oldest;
        s.bHead = wrap(s.bHead + 1, baselineSize);
      }
    }
    // refresh once the baseline is first usable, then every few values
    if (--s.staleIn <= 0 || s.bLen === minBaseline) this.refresh(s);
  }

  private refresh(s: Series): void {
    const n = s.bLen;
    const size = this.config.baselineSize;
    const chrono = this.scratch;
    // the ring in two straight runs (oldest first), without a modulo per value
    const head = s.bHead;
    const firstRun = Math.min(n, size - head);
    for (let i = 0; i < firstRun; i++) chrono[i] = s.baseline[head + i] as number;
    for (let i = firstRun; i < n; i++) chrono[i] = s.baseline[i - firstRun] as number;
    let ups = 0;
    for (let i = 1; i < n; i++) if ((chrono[i] as number) > (chrono[i - 1] as number)) ups++;
    // medians by selection, not a sort (this copy is reordered from here on)
    const med = medianInPlace(chrono, n);
    s.med = med;
    const dev = this.deviations;
    for (let i = 0; i < n; i++) dev[i] = Math.abs((chrono[i] as number) - med);
    // floor the spread: constant baselines (always 200 ms) must not make 201 ms infinitely odd
    s.spread = Math.max(1.4826 * medianInPlace(dev, n), 0.1 * Math.abs(med), this.config.minSpread);
    let far = 0;
    for (let i = 0; i < n; i++) if ((dev[i] as number) / s.spread > this.config.zThreshold) far++;
    s.stable = far <= this.config.maxOutlierShare * n;
    s.counter = n > 1 && ups / (n - 1) >= 0.8;
    // refreshing the baseline every few values keeps per-line cost O(1) amortised
    s.staleIn = Math.max(this.config.recentSize, Math.floor(this.config.baselineSize / 2));
  }

  score(e: DetectEvent): DetectorResult {
    let best: DetectorResult = NONE;
    this.parse(e);
    const { values, logs, series } = this;
    for (let i = 0, n = this.valueCount; i < n; i++) {
      const s = series[i];
      if (s === undefined || s.bLen < this.config.minBaseline || s.counter || !s.stable) continue;
      const v = values[i] as number;
      const zRecent = this.recentShift(s, ((logs[i] as number) - s.med) / s.spread);
      if (zRecent === 0) continue;
      const score = squash(Math.abs(zRecent), this.config.zThreshold);
      if (score > best.score) {
        const field = i < this.positionCount ? positionSuffix(i) : `@${this.fieldNames[i - this.positionCount] as string}`;
        best = { score, evidence: { position: i, field, observed: v, baseline: Math.expm1(s.med), robustZ: zRecent, direction: zRecent > 0 ? 'up' : 'down' } };
      }
    }
    return best;
  }

  /**
   * The robust z of a level shift, or 0: the line's value must be unusual, and a level shift
   * moves every recent value the same way (a position that mixes two fields, 0 and 8080
   * alternating, does not); the least shifted of them is the shift's size.
   */
  private recentShift(s: Series, zLine: number): number {
    // the common case: this value is ordinary, so it cannot be part of a shift
    if (Math.abs(zLine) < this.config.zThreshold / 2) return 0;
    let zRecent = zLine;
    const sign = Math.sign(zLine);
    for (let i = 0; i < s.rLen; i++) {
      const zr = ((s.recent[i] as number) - s.med) / s.spread;
      if (Math.sign(zr) !== sign) return 0;
      if (Math.abs(zr) < Math.abs(zRecent)) zRecent = zr;
    }
    return zRecent;
  }
}
