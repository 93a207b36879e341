import type { PiiType } from '../pii-types.js';

/**
 * A text being scanned, with its lower-cased form computed once and shared by every rule's hint
 * (rules are checked per line, so repeated `toLowerCase` calls would dominate the no-PII path).
 */
export interface ScanInput {
  readonly text: string;
  readonly lower: string;
}

/**
 * One detection rule. The pattern scans the whole text; the span redacted is the first listed
 * capture group that took part in the match (so a rule can match `password=` but redact only the
 * value), or the whole match when `groups` is absent.
 */
export interface PiiRule {
  readonly name: string;
  readonly type: PiiType;
  /** Must carry the `g` flag, and `d` when `groups` is set. */
  readonly pattern: RegExp;
  /** Capture groups holding the value, tried in order. */
  readonly groups?: readonly number[];
  /** Cheap test run before the regex; false means the rule cannot match this text. */
  readonly hint: (input: ScanInput) => boolean;
  /** Final check on a candidate value, with its position in the full text for context. */
  readonly accept?: (value: string, text: string, start: number, match: RegExpExecArray) => boolean;
}

/** A hint that passes when any of the substrings is present (case-sensitive). */
export function anyOf(...needles: string[]): (input: ScanInput) => boolean {
  return ({ text }) => needles.some((n) => text.includes(n));
}

/** A hint that passes when any of the lower-case substrings is present, ignoring case. */
export function anyOfIgnoreCase(...needles: string[]): (input: ScanInput) => boolean {
  return ({ lower }) => needles.some((n) => lower.includes(n));
}

/** A hint from a small regex that is cheaper than the rule's own pattern. */
export function matches(probe: RegExp): (input: ScanInput) => boolean {
  return ({ text }) => probe.test(text);
}
