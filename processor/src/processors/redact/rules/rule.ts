import type { PiiType } from '../pii-types.js';
import { keywordFeatures, textFeatures } from './features.js';

/**
 * A text being scanned, with what every rule's hint needs computed once (rules are checked per
 * line, so a probe per rule would dominate the no-PII path): the lower-cased form and the
 * character and keyword bits of `features.ts`.
 */
export interface ScanInput {
  readonly text: string;
  readonly lower: string;
  readonly features: number;
  readonly keywords: number;
}

export function scanInput(text: string): ScanInput {
  const lower = text.toLowerCase();
  return { text, lower, features: textFeatures(text), keywords: keywordFeatures(lower) };
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

/** A hint that passes when any of the character bits (`F_*` of features.ts) is set. */
export function hasFeature(bits: number): (input: ScanInput) => boolean {
  return ({ features }) => (features & bits) !== 0;
}

/**
 * A hint that passes when all of the character bits are set: an exact probe of the rule's hint
 * plus a condition its pattern cannot match without.
 */
export function hasAllFeatures(bits: number): (input: ScanInput) => boolean {
  return ({ features }) => (features & bits) === bits;
}

/** A hint that passes when any of the keyword bits (`K_*` of features.ts) is set. */
export function hasKeyword(bits: number): (input: ScanInput) => boolean {
  return ({ keywords }) => (keywords & bits) !== 0;
}

/** `hint`, run only when one of the character bits is set (they must be necessary for it). */
export function gated(bits: number, hint: (input: ScanInput) => boolean): (input: ScanInput) => boolean {
  return (input) => (input.features & bits) !== 0 && hint(input);
}
