import type { Rng } from './lib/prng.js';

/** What a template renderer gets: the event time, the PRNG and the incident modifiers in force. */
export interface RenderCtx {
  readonly t: number;
  readonly rng: Rng;
  /** Multiplier on the template's duration parameter (1 = normal; the latency-shift incident raises it). */
  readonly latencyScale: number;
  /** For a follow-up event: ms since the event it follows (so `finished … duration=` matches the gap). */
  readonly elapsedMs?: number;
}

/** Renders one event as one or more physical lines (stack traces span several), without a prefix. */
export type Render = (ctx: RenderCtx) => string[];

/** A normal template emitted at random (Poisson) times, in proportion to its weight. */
export interface TemplateDef {
  /** Stable key within the service, e.g. `access.get_order`. */
  readonly key: string;
  /** Relative frequency among the service's random events. */
  readonly weight: number;
  /** A substring that identifies the template's lines (used in labels and tests). */
  readonly hint: string;
  /** A normally rare WARN/ERROR template that an error-rate spike can multiply. */
  readonly spike?: boolean;
  /** Carries a duration parameter that a latency shift can move. */
  readonly latency?: boolean;
  readonly render: Render;
}

/** A template emitted on a schedule (heartbeat, checkpoint, cron); a disappearance stops it. */
export interface PeriodicDef {
  readonly key: string;
  readonly everySec: number;
  /** Uniform jitter (± seconds) around each tick. */
  readonly jitterSec: number;
  readonly hint: string;
  readonly render: Render;
  /** A second event a while after each tick (e.g. `job finished` after `job started`). */
  readonly followUp?: { readonly key: string; readonly hint: string; readonly delaySec: readonly [number, number]; readonly render: Render };
}

/** A message that never occurs normally: the text of a new-error or semantic-failure incident. */
export interface IncidentMessageDef {
  readonly hint: string;
  readonly description: string;
  readonly render: Render;
}

/** A batch job that runs now and then and floods one template for a few minutes (a decoy). */
export interface BatchJobDef {
  readonly key: string;
  readonly hint: string;
  readonly ratePerMin: number;
  readonly durationMin: number;
  readonly render: Render;
}

/** One synthetic service: its normal behaviour and the incident material it can produce. */
export interface ServiceDef {
  readonly name: string;
  /** Share of the total line rate (shares are normalised over all services). */
  readonly share: number;
  readonly templates: readonly TemplateDef[];
  readonly periodic: readonly PeriodicDef[];
  readonly newErrors: readonly IncidentMessageDef[];
  readonly semanticFailures: readonly IncidentMessageDef[];
  /** Lines a restart with a new version writes (benign but never seen before): the deploy decoy. Group `i` is written at `t + i * 1500` ms. */
  readonly deploy?: (ctx: RenderCtx, version: string) => string[][];
  readonly batchJob?: BatchJobDef;
}
