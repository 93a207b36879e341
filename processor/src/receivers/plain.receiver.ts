import type { AttributeValue, Severity } from '../domain/log-record.js';
import type { DecodedEvent } from './decoded-event.js';
import { headerLevel } from './severity.js';
import { matchLeadingTimestamp } from './timestamp.js';

/** Longest `component:` / `[component]` prefix accepted; longer tokens are prose, not names. */
const MAX_COMPONENT = 96;

function skipSpaces(text: string, i: number): number {
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  return i;
}

function tokenEnd(text: string, i: number): number {
  const sp = text.indexOf(' ', i);
  return sp < 0 ? text.length : sp;
}

function isDigits(token: string): boolean {
  if (token.length === 0 || token.length > 10) return false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A level token may be wrapped: `[ERROR]`, `<W>`, `ERROR:`, `(info)`. */
function levelOf(token: string): Severity | null {
  let s = token;
  const first = s.charCodeAt(0);
  if (first === 91 || first === 60 || first === 40) s = s.slice(1);
  const last = s.charCodeAt(s.length - 1);
  if (last === 93 || last === 62 || last === 41 || last === 58) s = s.slice(0, -1);
  if (s.charCodeAt(s.length - 1) === 93) s = s.slice(0, -1);
  return headerLevel(s);
}

/** `[...]` with nesting (Zookeeper: `[QuorumPeer[myid=1]/0.0.0.0:2181:Election@774]`); index after `]`. */
function bracketEnd(text: string, i: number): number {
  let depth = 0;
  const limit = Math.min(text.length, i + MAX_COMPONENT + 2);
  for (let j = i; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (c === 91) depth++;
    else if (c === 93 && --depth === 0) return j + 1;
  }
  return -1;
}

/** Reads `[component]` or `component:` at `i`; returns the name and where the message starts. */
function readComponent(text: string, i: number): { name: string; end: number } | null {
  if (text.charCodeAt(i) === 91) {
    const end = bracketEnd(text, i);
    return end < 0 ? null : { name: text.slice(i + 1, end - 1), end };
  }
  const end = tokenEnd(text, i);
  if (end - i < 2 || end - i > MAX_COMPONENT || text.charCodeAt(end - 1) !== 58) return null;
  const name = text.slice(i, end - 1);
  // `Error:` or `http:` opens a sentence or a URL, not a component.
  if (headerLevel(name) !== null || text.startsWith('//', end)) return null;
  return { name, end };
}

/** A dotted logger name followed by ` - ` at `i` (Logback/log4j pattern layouts). */
function loggerBeforeDash(text: string, i: number): { name: string; end: number } | null {
  const end = tokenEnd(text, i);
  const name = text.slice(i, end);
  if (end - i < 3 || end - i > MAX_COMPONENT || !name.includes('.') || !text.startsWith(' - ', end)) return null;
  return { name, end };
}

/** Upper-case level words a header may carry anywhere among its first fields. */
const HEADER_LEVEL_WORDS: ReadonlyMap<string, Severity> = new Map<string, Severity>([
  ['TRACE', 'TRACE'], ['DEBUG', 'DEBUG'], ['INFO', 'INFO'], ['NOTICE', 'INFO'], ['WARN', 'WARN'], ['WARNING', 'WARN'],
  ['ERROR', 'ERROR'], ['SEVERE', 'ERROR'], ['CRITICAL', 'FATAL'], ['FATAL', 'FATAL'], ['PANIC', 'FATAL'], ['EMERG', 'FATAL'],
]);

/** Fields of an unknown header searched for a level word (BGL: epoch, date, node, time, node, type, component, LEVEL). */
const HEADER_SCAN_FIELDS = 10;

/**
 * A header layout we do not know (`1117838570 2005.06.03 R02-M1-N0 … RAS KERNEL FATAL msg`) still
 * often names its level as an upper-case word among its first fields. Header fields carry no
 * lower-case letters (ids, dates, hosts, upper-case tags), so the scan stops at the first field
 * that has one: past it is prose ("state changed RUNNING -> ERROR", "the CRITICAL button").
 * `ERROR:` and `[ERROR]` count as `ERROR`.
 */
function scanHeaderLevel(text: string): Severity | null {
  let i = 0;
  for (let field = 0; field < HEADER_SCAN_FIELDS && i < text.length; field++) {
    i = skipSpaces(text, i);
    let start = i;
    const end = tokenEnd(text, i);
    for (let j = start; j < end; j++) {
      const c = text.charCodeAt(j);
      if (c >= 97 && c <= 122) return null;
    }
    if (text.charCodeAt(start) === 91 || text.charCodeAt(start) === 60) start++;
    const last = text.charCodeAt(end - 1);
    const trimmed = last === 58 || last === 93 || last === 62 ? end - 1 : end;
    if (trimmed - start >= 4 && trimmed - start <= 8) {
      const level = HEADER_LEVEL_WORDS.get(text.slice(start, trimmed));
      if (level !== undefined) return level;
    }
    i = end + 1;
  }
  return null;
}

export interface PlainHeader {
  readonly event: DecodedEvent;
  /** True when a timestamp or a level opened the line: the line "starts like an event". */
  readonly hasHeader: boolean;
}

/**
 * Best-effort header parse of a free-text line: leading timestamp, up to two numeric ids
 * (pid/tid), a level word, then a `[component]` or `component:` prefix; the rest is the message.
 */
export function parsePlainHeader(text: string): PlainHeader {
  const attributes: Record<string, AttributeValue> = {};
  let i = skipSpaces(text, 0);
  const ts = matchLeadingTimestamp(text.slice(i, i + 48));
  if (ts !== null) i = skipSpaces(text, text.charCodeAt(i + ts.end) === 44 ? i + ts.end + 1 : i + ts.end);
  for (let k = 0; ts !== null && k < 2; k++) {
    const end = tokenEnd(text, i);
    let token = text.slice(i, end);
    // PostgreSQL and others bracket the pid: `[44306]`.
    if (token.length > 2 && token.charCodeAt(0) === 91 && token.charCodeAt(token.length - 1) === 93) token = token.slice(1, -1);
    if (!isDigits(token)) break;
    attributes[k === 0 ? 'pid' : 'tid'] = token;
    i = skipSpaces(text, end);
  }
  if (ts !== null && text.startsWith('- ', i)) i = skipSpaces(text, i + 2);
  const levelEnd = tokenEnd(text, i);
  const levelToken = text.slice(i, levelEnd);
  // PostgreSQL's `LOG:` is its informational level; only upper case after a timestamp, so prose is safe.
  const severity = levelEnd - i <= 15 ? (levelOf(levelToken) ?? (ts !== null && (levelToken === 'LOG:' || levelToken === 'LOG') ? 'INFO' : null)) : null;
  if (severity !== null) i = skipSpaces(text, levelEnd);
  let service: string | null = null;
  // `ERROR:  text` / `LOG:  text`: a colon after the level closes the header, so a `word:` after it is prose.
  const headerClosed = severity !== null && levelToken.endsWith(':') && text.charCodeAt(i) !== 91;
  if (!headerClosed && (ts !== null || severity !== null || text.charCodeAt(i) === 91)) {
    let component = readComponent(text, i);
    const bracketed = component !== null && text.charCodeAt(component.end - 1) === 93;
    // log4j's `[thread] qualified.Logger: msg`: the bracket is the thread, the logger names the source.
    const logger = component !== null && bracketed ? readComponent(text, skipSpaces(text, component.end)) : null;
    const dashLogger = component !== null && bracketed && logger === null ? loggerBeforeDash(text, skipSpaces(text, component.end)) : null;
    if (component !== null && logger !== null && logger.name.includes('.') && text.charCodeAt(logger.end - 1) === 58) {
      attributes.thread = component.name;
      component = logger;
    } else if (component !== null && dashLogger !== null) {
      // Logback's `[thread] c.s.Logger - msg`: same idea with a dash after the logger.
      attributes.thread = component.name;
      component = dashLogger;
    } else if (component !== null && bracketed && component.name.includes(' ') && !text.startsWith(' - ', component.end)) {
      // `[client 10.0.0.1]` is content: a bracket with spaces is a header field only when a logger
      // or a ` - ` separator follows it.
      component = null;
    }
    if (component !== null && component.name.length > 0) {
      i = skipSpaces(text, component.end);
      service = component.name;
      attributes.component = component.name;
      if (text.startsWith('- ', i)) i = skipSpaces(text, i + 2);
    }
  }
  return {
    event: {
      timestamp: ts?.date ?? null,
      service,
      severity: severity ?? scanHeaderLevel(text) ?? 'UNKNOWN',
      message: i === 0 ? text : text.slice(i),
      attributes,
      traceId: null,
      spanId: null,
    },
    hasHeader: ts !== null || severity !== null,
  };
}

/** Decodes a plain-text line (see `parsePlainHeader`). */
export function decodePlain(text: string): DecodedEvent {
  return parsePlainHeader(text).event;
}

/** True when the line opens with a timestamp or a level word (cheap check for the joiner). */
export function startsWithHeader(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c === 32 || c === 9) return false;
  if (matchLeadingTimestamp(text.slice(0, 48)) !== null) return true;
  return levelOf(text.slice(0, tokenEnd(text, 0))) !== null;
}
