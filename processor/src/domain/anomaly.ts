/** What an anomaly is about: one line, a template as a whole, a time window, or a session/trace. */
export const ANOMALY_SCOPES = ['line', 'template', 'window', 'session'] as const;
export type AnomalyScope = (typeof ANOMALY_SCOPES)[number];

export const ANOMALY_STATUSES = ['open', 'confirmed', 'dismissed', 'false_positive', 'muted'] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];

/** Explanation-ready evidence: which signals fired, observed vs baseline, nearest normal templates. */
export interface AnomalyEvidence {
  readonly signals: ReadonlyArray<{ readonly detector: string; readonly score: number; readonly detail: Record<string, unknown> }>;
  readonly observed?: number;
  readonly baseline?: number;
  readonly nearestNormal?: ReadonlyArray<{ readonly templateId: string; readonly template: string; readonly similarity: number }>;
  readonly [extra: string]: unknown;
}

/** A tier-1 finding, before persistence. */
export interface AnomalyFinding {
  readonly scope: AnomalyScope;
  /** Detector or combiner that produced it, e.g. `new_template`, `rate_zscore`, `combined`. */
  readonly method: string;
  /** In [0,1], higher = more anomalous. */
  readonly score: number;
  readonly isAnomaly: boolean;
  readonly templateId: string | null;
  readonly service: string | null;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  /** Session/trace key for `session` scope. */
  readonly sessionKey?: string | null;
  /** Idempotency key of the line for `line` scope. */
  readonly logKey?: string | null;
  readonly reasons: readonly string[];
  readonly evidence: AnomalyEvidence;
  /** Stored status; absent = `open`. Feedback rules set `muted` (stored, not published) or `dismissed`. */
  readonly status?: AnomalyStatus;
  /** Trace of the processing batch that found it (tracing on), so a dashboard can open it in Tempo. */
  readonly traceId?: string | null;
}
