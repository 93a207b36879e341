import type { DecodedEvent } from './decoded-event.js';
import { fieldsToEvent } from './field-mapping.js';

/** The pairs of a logfmt line plus how much of the line they covered. */
export interface LogfmtParse {
  readonly fields: Record<string, string | true>;
  readonly pairs: number;
  /** Whitespace-separated tokens that were not `key=value` (bare words). */
  readonly bareWords: number;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

function readQuoted(text: string, start: number): { value: string; end: number } {
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      i += 2;
    } else if (c === '"') {
      return { value: out, end: i + 1 };
    } else {
      out += c;
      i++;
    }
  }
  return { value: out, end: i };
}

/**
 * Parses `key=value key2="quoted value" flag` in a single pass. Bare words (no `=`) become
 * `true` and are counted so callers can tell logfmt from prose that merely contains `=`.
 */
export function parseLogfmt(text: string): LogfmtParse {
  const fields: Record<string, string | true> = {};
  let pairs = 0;
  let bareWords = 0;
  let i = 0;
  const len = text.length;
  while (i < len) {
    while (i < len && isSpace(text.charCodeAt(i))) i++;
    if (i >= len) break;
    const keyStart = i;
    while (i < len && text.charCodeAt(i) !== 61 && !isSpace(text.charCodeAt(i))) i++;
    const key = text.slice(keyStart, i);
    if (i < len && text.charCodeAt(i) === 61) {
      i++;
      let value: string;
      if (text.charCodeAt(i) === 34) {
        const q = readQuoted(text, i);
        value = q.value;
        i = q.end;
      } else {
        const valueStart = i;
        while (i < len && !isSpace(text.charCodeAt(i))) i++;
        value = text.slice(valueStart, i);
      }
      if (key.length > 0) {
        fields[key] = value;
        pairs++;
      } else bareWords++;
    } else {
      bareWords++;
      if (key.length > 0 && !Object.hasOwn(fields, key)) fields[key] = true;
    }
  }
  return { fields, pairs, bareWords };
}

/** True when a line is mostly `key=value` pairs and carries a message key. */
export function looksLikeLogfmt(parse: LogfmtParse): boolean {
  const hasMessage = Object.hasOwn(parse.fields, 'msg') || Object.hasOwn(parse.fields, 'message');
  return hasMessage && parse.pairs >= 2 && parse.pairs >= 3 * parse.bareWords;
}

/** Decodes one logfmt line with the same key mapping as JSON lines. */
export function decodeLogfmt(text: string): DecodedEvent {
  return decodeLogfmtParse(parseLogfmt(text), text);
}

/** Decodes an already parsed logfmt line (saves a second pass after auto-detection). */
export function decodeLogfmtParse(parse: LogfmtParse, text: string): DecodedEvent {
  return fieldsToEvent({ ...parse.fields }, text);
}
