/** Rate keys: what the rate detector counts (templates, services, template lines per level). */
import type { HistoryStats } from './rate-stats.js';

/** What a rate key counts: a template, a service, or a template's lines at one level ≥ WARN. */
export type RateKeyKind = 'template' | 'service' | 'level';

/**
 * Levels counted separately per template: an access-log template shared by 200s and 502s
 * (the receiver logs 5xx at ERROR) spikes in its ERROR lines long before its total moves.
 */
export const TRACKED_LEVELS: ReadonlySet<string> = new Set(['WARN', 'ERROR', 'FATAL']);

/** Splits a rate key into its kind, the template id or service name, and the level (level keys). */
export function parseRateKey(key: string): { kind: RateKeyKind; id: string; level: string | null } {
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon) as RateKeyKind;
  const rest = key.slice(colon + 1);
  if (kind !== 'level') return { kind, id: rest, level: null };
  const bar = rest.indexOf('|');
  return { kind, id: rest.slice(bar + 1), level: rest.slice(0, bar) };
}

/**
 * What the rate detector keeps per key for the per-line path, in one record: a line reaches
 * its keys' counts, histories and statistics without a map lookup each.
 */
export interface RateKeyState {
  readonly key: string;
  /** Lines in the open window; meaningful while `seq` is the detector's window number. */
  count: number;
  seq: number;
  /** The key's window history (the array the detector's history map holds), if it has one. */
  hist: number[] | undefined;
  /** Statistics of `hist`; meaningful while `statsSeq` is the detector's window number. */
  stats: HistoryStats | undefined;
  statsSeq: number;
  /** Service key of the key's last line (template and level keys), to net out service load. */
  service: string | undefined;
}

export function newRateKeyState(key: string): RateKeyState {
  return { key, count: 0, seq: -1, hist: undefined, stats: undefined, statsSeq: -1, service: undefined };
}
