import type { AttributeValue } from '../domain/log-record.js';

/** Earliest and latest event times we accept; anything else is a decoding accident, not an event time. */
const MIN_TIME = Date.UTC(1970, 0, 1);
const MAX_TIME = Date.UTC(2200, 0, 1);

/**
 * Text PostgreSQL (and JSON) can store: NUL bytes and lone UTF-16 surrogates become U+FFFD.
 * One bad character must not make a whole batch fail at the database.
 */
export function wellFormed(text: string): string {
  const noNul = text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
  return noNul.isWellFormed() ? noNul : noNul.toWellFormed();
}

/** The timestamp if it is a plausible event time, else null. */
export function plausibleTime(date: Date | null): Date | null {
  if (date === null) return null;
  const t = date.getTime();
  return Number.isFinite(t) && t >= MIN_TIME && t < MAX_TIME ? date : null;
}

/** Attributes with well-formed keys and string values (keys can carry bad bytes too). */
export function wellFormedAttributes(attributes: Record<string, AttributeValue>): Record<string, AttributeValue> {
  // for-in with an own-key check walks what Object.entries would, without an array per entry.
  let clean = true;
  for (const key in attributes) {
    if (!Object.hasOwn(attributes, key)) continue;
    const value = attributes[key];
    if (wellFormed(key) !== key || (typeof value === 'string' && wellFormed(value) !== value)) {
      clean = false;
      break;
    }
  }
  if (clean) return attributes;
  // Rebuild in order so keys seen before the first bad one are kept too.
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(attributes)) out[wellFormed(key)] = typeof value === 'string' ? wellFormed(value) : value;
  return out;
}
