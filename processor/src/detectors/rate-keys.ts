/** Rate keys: what the rate detector counts (templates, services, template lines per level). */

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
