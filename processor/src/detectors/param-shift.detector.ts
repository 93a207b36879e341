import { z } from 'zod';
import type { AttributeValue } from '../domain/log-record.js';
import type { DetectEvent, Detector, DetectorResult } from './detector.js';
import { squash } from './detector.js';
import { mayBeNumber, measuredPositions, numericValue } from './measurement.js';
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
  /** Baseline long enough, not a counter, stable: set when refreshed (none of these changes in between). */
  scorable: boolean;
  /** The last value pushed and its log1p(|value|): repeated values (status codes, ports) skip the log. */
  lastValue: number;
  lastLog: number;
}

/** Per template: which placeholders are measurements, and the series of each position / field. */
interface TemplateState {
  text: string;
  measured: boolean[];
  readonly positions: Array<Series | undefined>;
  readonly fields: Map<string, Series>;
  /**
   * The name and series of the k-th numeric field of the template's last line: a template's
   * lines mostly carry the same fields in the same order, so a line resolves its field series
   * by comparing names, without a map lookup each.
   */
  readonly fieldNames: string[];
  readonly fieldSeries: Series[];
}

const NONE: DetectorResult = { score: 0, evidence: {} };

/** `i % size` for 0 ≤ i < 2·size. */
function wrap(i: number, size: number): number {
  return i >= size ? i - size : i;
}

const POSITION_SUFFIXES: string[] = [];

function positionSuffix(i: number): string {
  return (POSITION_SUFFIXES[i] ??= `#${i}`);
}

/** A structured field's numeric value (NaN if none): numbers as they are, numeric strings as measurements. */
function attributeValue(v: AttributeValue | undefined): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN;
  return typeof v === 'string' && mayBeNumber(v.charCodeAt(0)) ? numericValue(v, true) : Number.NaN;
}

function newSeries(baselineSize: number, recentSize: number): Series {
  return { baseline: new Float64Array(baselineSize), bHead: 0, bLen: 0, recent: new Float64Array(recentSize), rHead: 0, rLen: 0, med: 0, spread: 1, staleIn: 0, counter: false, stable: false, scorable: false, lastValue: Number.NaN, lastLog: 0 };
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
  /**
   * The measurements of the last event, in order (positions first, then fields), and nothing
   * else: score and learn loop over these only, not over every parameter. Reused buffers with
   * their own count: no array is cleared, grown or boxed per line.
   */
  private count = 0;
  /** Value index of each measurement: the parameter position, or parameters + the field's rank among numeric fields. */
  private at = new Int32Array(32);
  private values = new Float64Array(32);
  /** log1p(|value|): the quantity the series hold, computed once for score and learn. */
  private logs = new Float64Array(32);
  private readonly series: Series[] = [];
  /** Field name of each measurement past the positions (entries of positions are stale). */
  private readonly names: string[] = [];
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
      st = { text: e.templateText, measured: measuredPositions(e.templateText), positions: [], fields: new Map(), fieldNames: [], fieldSeries: [] };
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
   * baseline checks). Every measurement gets its series here, an empty one if new (score
   * skips it all the same).
   */
  private parse(e: DetectEvent): void {
    if (e === this.lastEvent) return;
    const st = this.stateOf(e);
    const params = e.params;
    const np = params.length;
    const measured = st.measured;
    let k = 0;
    for (let i = 0; i < np; i++) {
      const param = params[i] as string;
      // most parameters are words, paths or ids: rejected here without a call
      if (!mayBeNumber(param.charCodeAt(0))) continue;
      const v = numericValue(param, measured[i] === true);
      if (Number.isNaN(v)) continue;
      let s = st.positions[i];
      if (s === undefined) st.positions[i] = s = newSeries(this.config.baselineSize, this.config.recentSize);
      this.keep(k++, i, v, s);
    }
    const attributes = e.attributes;
    if (attributes !== undefined) {
      let f = 0;
      for (const name in attributes) {
        const v = attributeValue(attributes[name]);
        if (Number.isNaN(v)) continue;
        this.names[k] = name;
        this.keep(k++, np + f, v, this.fieldSeriesOf(st, f++, name));
      }
    }
    this.positionCount = np;
    this.count = k;
    this.lastEvent = e;
  }

  /** Records measurement `k` (value index `at`) of the event being parsed. */
  private keep(k: number, at: number, v: number, s: Series): void {
    if (k === this.at.length) this.grow(2 * k);
    this.at[k] = at;
    this.values[k] = v;
    // same input, same log: the cache only skips the call (-0 and 0 give the same log1p(|v|))
    if (v !== s.lastValue) {
      s.lastValue = v;
      s.lastLog = Math.log1p(Math.abs(v));
    }
    this.logs[k] = s.lastLog;
    this.series[k] = s;
  }

  private grow(size: number): void {
    const at = new Int32Array(size);
    at.set(this.at);
    this.at = at;
    const values = new Float64Array(size);
    values.set(this.values);
    this.values = values;
    const logs = new Float64Array(size);
    logs.set(this.logs);
    this.logs = logs;
  }

  /** The series of the template's `f`-th numeric field, named `name`. */
  private fieldSeriesOf(st: TemplateState, f: number, name: string): Series {
    if (st.fieldNames[f] === name) return st.fieldSeries[f] as Series;
    let s = st.fields.get(name);
    if (s === undefined) st.fields.set(name, (s = newSeries(this.config.baselineSize, this.config.recentSize)));
    st.fieldNames[f] = name;
    st.fieldSeries[f] = s;
    return s;
  }

  learn(e: DetectEvent): void {
    this.parse(e);
    const { logs, series } = this;
    for (let k = 0, n = this.count; k < n; k++) this.push(series[k] as Series, logs[k] as number);
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
    const baseline = s.baseline;
    // rises counted while copying; nothing is greater than the NaN before the first value
    let ups = 0;
    let prev = Number.NaN;
    for (let i = 0; i < firstRun; i++) {
      const v = baseline[head + i] as number;
      if (v > prev) ups++;
      chrono[i] = prev = v;
    }
    for (let i = firstRun; i < n; i++) {
      const v = baseline[i - firstRun] as number;
      if (v > prev) ups++;
      chrono[i] = prev = v;
    }
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
    // the baseline only grows, and reaching `minBaseline` refreshes: this stays true until the next refresh
    s.scorable = n >= this.config.minBaseline && !s.counter && s.stable;
    // refreshing the baseline every few values keeps per-line cost O(1) amortised
    s.staleIn = Math.max(this.config.recentSize, Math.floor(this.config.baselineSize / 2));
  }

  score(e: DetectEvent): DetectorResult {
    let best: DetectorResult = NONE;
    this.parse(e);
    const { values, logs, series } = this;
    for (let k = 0, n = this.count; k < n; k++) {
      const s = series[k] as Series;
      if (!s.scorable) continue;
      const zRecent = this.recentShift(s, ((logs[k] as number) - s.med) / s.spread);
      if (zRecent === 0) continue;
      const score = squash(Math.abs(zRecent), this.config.zThreshold);
      if (score > best.score) {
        const i = this.at[k] as number;
        const field = i < this.positionCount ? positionSuffix(i) : `@${this.names[k] as string}`;
        best = { score, evidence: { position: i, field, observed: values[k], baseline: Math.expm1(s.med), robustZ: zRecent, direction: zRecent > 0 ? 'up' : 'down' } };
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
