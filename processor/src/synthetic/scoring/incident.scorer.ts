import type { IncidentLabel } from '../scenario.types.js';

/** An incident as a detector reports it, for scoring against the labels. */
export interface FoundIncident {
  /** Service the finding is about; null = unknown (matches a label of any service). */
  readonly service: string | null;
  readonly start: Date;
  readonly end: Date;
  readonly templateId?: string | null;
  readonly template?: string;
  readonly kind?: string;
  readonly score: number;
}

export interface ScoreOptions {
  /** Tolerance added on both sides of each label's time range, in ms. Default 120 000 (2 min). */
  readonly slackMs?: number;
}

export interface IncidentScore {
  /** Matched labels / labels (1 when there are no labels). */
  readonly recall: number;
  /** False incidents / found incidents (0 when nothing was found). */
  readonly falseIncidentRate: number;
  /** One entry per matched label, with its highest-scoring matching finding. */
  readonly matched: Array<{ label: IncidentLabel; found: FoundIncident }>;
  readonly missed: IncidentLabel[];
  readonly falseIncidents: FoundIncident[];
}

/**
 * Service names compare case-insensitively and without a replica suffix (`payments-1`, `payments_2`),
 * because collectors often name the container rather than the service.
 */
export function normaliseService(name: string): string {
  return name.trim().toLowerCase().replace(/[-_]\d+$/, '');
}

/**
 * Whether a finding matches a label: the services agree (or the finding has no service) and the
 * finding's time range `[start, end]` overlaps the label's range widened by `slackMs` on each side.
 */
export function matchesLabel(label: IncidentLabel, found: FoundIncident, slackMs: number): boolean {
  if (found.service !== null && normaliseService(found.service) !== normaliseService(label.service)) return false;
  const lo = Date.parse(label.start) - slackMs;
  const hi = Date.parse(label.end) + slackMs;
  return found.start.getTime() <= hi && found.end.getTime() >= lo;
}

/**
 * Scores detector findings against ground-truth labels.
 *
 * Rules: a finding matches a label per `matchesLabel`. Each label counts once for recall, however many
 * findings match it (duplicates of a true incident are neither rewarded nor counted as false). A finding
 * that matches no label is a false incident. `falseIncidentRate = falseIncidents / found.length`.
 */
export function scoreIncidents(labels: readonly IncidentLabel[], found: readonly FoundIncident[], options: ScoreOptions = {}): IncidentScore {
  const slackMs = options.slackMs ?? 120_000;
  const matched: Array<{ label: IncidentLabel; found: FoundIncident }> = [];
  const missed: IncidentLabel[] = [];
  for (const label of labels) {
    let best: FoundIncident | undefined;
    for (const f of found) if (matchesLabel(label, f, slackMs) && (best === undefined || f.score > best.score)) best = f;
    if (best) matched.push({ label, found: best });
    else missed.push(label);
  }
  const falseIncidents = found.filter((f) => !labels.some((l) => matchesLabel(l, f, slackMs)));
  return {
    recall: labels.length === 0 ? 1 : matched.length / labels.length,
    falseIncidentRate: found.length === 0 ? 0 : falseIncidents.length / found.length,
    matched,
    missed,
    falseIncidents,
  };
}
