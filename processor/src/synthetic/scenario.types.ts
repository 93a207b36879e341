import { z } from 'zod';

/** The incident kinds the generator can inject (see the task brief of the synthetic scenario). */
export const INCIDENT_KINDS = ['new_error', 'rate_spike', 'disappearance', 'latency_shift', 'semantic_failure', 'traffic_drop'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** Benign events that look unusual but are not incidents; they measure false alarms. */
export const DECOY_KINDS = ['deploy', 'batch_burst'] as const;
export type DecoyKind = (typeof DECOY_KINDS)[number];

/** Ground truth for one injected incident. */
export interface IncidentLabel {
  readonly id: string;
  readonly kind: IncidentKind;
  readonly service: string;
  /** ISO time range of the incident (inclusive start, exclusive end). */
  readonly start: string;
  readonly end: string;
  readonly description: string;
  /** The message or a distinctive substring of the lines involved (absent for a traffic drop). */
  readonly templateHint?: string;
  /** 1-based physical line numbers of the lines that ARE the incident; empty when the incident is an absence. */
  readonly lineNumbers: number[];
}

/** Ground truth for a decoy: something a detector may flag, but should not. */
export interface DecoyLabel {
  readonly id: string;
  readonly kind: DecoyKind;
  readonly service: string;
  readonly start: string;
  readonly end: string;
  readonly description: string;
  readonly templateHint?: string;
  readonly lineNumbers: number[];
}

/**
 * Options of `generateScenario`; every field has a default. `incidents` is either a count (kinds are
 * cycled in a seeded order so every kind appears before any repeats) or an explicit list of kinds.
 */
export const scenarioOptionsSchema = z.object({
  /** PRNG seed; same seed and options ⇒ byte-identical output. Default 42. */
  seed: z.number().int().default(42),
  /** Start of the timeline. Default 2026-11-24T10:00:00Z (fixed, so output does not depend on the clock). */
  start: z.date().default(() => new Date('2026-11-24T10:00:00.000Z')),
  /** Length of the timeline in minutes. Default 120. */
  durationMinutes: z.number().positive().max(7 * 24 * 60).default(120),
  /**
   * Mean rate of the Poisson (request-driven) events across all services, lines/minute before rate
   * modulation. Periodic lines (heartbeats, checkpoints, cron) come on top (~25/min). Default 1000.
   */
  linesPerMinute: z.number().positive().max(1_000_000).default(1000),
  /** Number of incidents or the list of kinds. Default: every kind once plus two more (8). */
  incidents: z.union([z.number().int().min(0).max(200), z.array(z.enum(INCIDENT_KINDS))]).default(8),
  /** Add decoys (a deploy with new benign templates, batch-job bursts). Default true. */
  decoys: z.boolean().default(true),
  /** Fraction of the timeline at the start kept free of incidents and decoys. Default 0.25. */
  warmupFraction: z.number().min(0).max(0.9).default(0.25),
  /**
   * Line prefix naming the service, as `docker compose logs` does (`payments  | ...`), so one mixed
   * file keeps each line's origin. `none` emits the native lines only. Default `service`.
   */
  prefix: z.enum(['service', 'none']).default('service'),
});

export type ScenarioOptions = z.input<typeof scenarioOptionsSchema>;
export type ResolvedScenarioOptions = z.output<typeof scenarioOptionsSchema>;

/** A generated scenario: the raw lines in time order plus the ground truth. */
export interface Scenario {
  /** Raw log lines in time order; a multi-line stack trace is several lines. */
  readonly lines: string[];
  readonly labels: IncidentLabel[];
  readonly decoys: DecoyLabel[];
  readonly services: string[];
  /** Per line: the service that wrote it (parallel to `lines`). */
  readonly lineServices: string[];
  /** Per line: `service/templateKey` of the event it belongs to (ground-truth template, parallel to `lines`). */
  readonly lineTemplates: string[];
  /** Per line: event time in epoch ms (parallel to `lines`). */
  readonly lineTimes: number[];
  readonly options: ResolvedScenarioOptions;
}
