import type { AttributeValue } from '../domain/log-record.js';
import type { DecodedEvent } from './decoded-event.js';
import { headerLevel, severityFromSyslog } from './severity.js';
import { matchLeadingTimestamp, parseTimestamp } from './timestamp.js';

/** `<PRI>` at the start: the value and where the rest begins, or null. */
export function readPri(text: string): { pri: number; end: number } | null {
  if (text.charCodeAt(0) !== 60) return null;
  const close = text.indexOf('>', 1);
  if (close < 2 || close > 4) return null;
  const pri = Number(text.slice(1, close));
  return Number.isInteger(pri) && pri >= 0 && pri <= 191 ? { pri, end: close + 1 } : null;
}

function nextToken(text: string, from: number): { token: string; end: number } {
  let end = text.indexOf(' ', from);
  if (end < 0) end = text.length;
  return { token: text.slice(from, end), end: end + 1 };
}

const SD_PARAM = /([^\s=\]"]+)="((?:[^"\\]|\\.)*)"/g;

/** Parses RFC 5424 structured data `[id k="v"][id2 ...]` into `id.k` attributes; returns the end. */
function readStructuredData(text: string, from: number, into: Record<string, AttributeValue>): number {
  if (text.startsWith('- ', from) || from >= text.length - 1) return from + 2;
  let i = from;
  while (text.charCodeAt(i) === 91) {
    let j = i + 1;
    let inQuote = false;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 92) j++;
      else if (c === 34) inQuote = !inQuote;
      else if (c === 93 && !inQuote) break;
    }
    const element = text.slice(i + 1, j);
    const space = element.indexOf(' ');
    const id = space < 0 ? element : element.slice(0, space);
    for (const m of element.matchAll(SD_PARAM)) into[`${id}.${m[1]}`] = m[2]!.replace(/\\(["\\\]])/g, '$1');
    i = j + 1;
  }
  return text.charCodeAt(i) === 32 ? i + 1 : i;
}

function nil(token: string): string | null {
  return token === '-' || token === '' ? null : token;
}

/** RFC 5424: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG`, severity from PRI. */
export function decodeSyslog5424(text: string, pri: number, start: number): DecodedEvent {
  const attributes: Record<string, AttributeValue> = { facility: pri >> 3 };
  let pos = start + 2; // skip "1 "
  const ts = nextToken(text, pos); pos = ts.end;
  const host = nextToken(text, pos); pos = host.end;
  const app = nextToken(text, pos); pos = app.end;
  const procId = nextToken(text, pos); pos = procId.end;
  const msgId = nextToken(text, pos); pos = msgId.end;
  pos = readStructuredData(text, pos, attributes);
  if (nil(host.token) !== null) attributes.host = host.token;
  if (nil(procId.token) !== null) attributes.pid = procId.token;
  if (nil(msgId.token) !== null) attributes.msgid = msgId.token;
  let message = pos < text.length ? text.slice(pos) : '';
  if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);
  return {
    timestamp: nil(ts.token) === null ? null : parseTimestamp(ts.token),
    service: nil(app.token),
    severity: severityFromSyslog(pri & 7),
    message,
    attributes,
    traceId: null,
    spanId: null,
  };
}

/**
 * RFC 3164 / classic /var/log: `[<PRI>]Mmm dd hh:mm:ss host tag[pid]: msg`. Returns null when the
 * text does not have that shape (the caller falls back to plain text).
 */
export function decodeSyslog3164(text: string, pri: number | null, start: number): DecodedEvent | null {
  const body = start === 0 ? text : text.slice(start);
  const ts = matchLeadingTimestamp(body);
  if (ts === null || body.charCodeAt(ts.end) !== 32) return null;
  const host = nextToken(body, ts.end + 1);
  const rest = body.slice(host.end);
  const colon = rest.indexOf(': ');
  const firstSpace = rest.indexOf(' ');
  if (host.token.length === 0) return null;
  const attributes: Record<string, AttributeValue> = { host: host.token };
  if (colon <= 0 || (firstSpace >= 0 && firstSpace < colon)) {
    // Without PRI the tag is what makes it syslog; with PRI a tag-less message is still syslog.
    if (pri === null) return null;
    attributes.facility = pri >> 3;
    return { timestamp: ts.date, service: null, severity: severityFromSyslog(pri & 7), message: rest, attributes, traceId: null, spanId: null };
  }
  let tag = rest.slice(0, colon);
  const bracket = tag.indexOf('[');
  if (bracket > 0 && tag.endsWith(']')) {
    attributes.pid = tag.slice(bracket + 1, -1);
    tag = tag.slice(0, bracket);
  }
  const message = rest.slice(colon + 2);
  let severity = pri === null ? 'UNKNOWN' as const : severityFromSyslog(pri & 7);
  if (pri !== null) attributes.facility = pri >> 3;
  else {
    const sp = message.indexOf(' ');
    severity = headerLevel(stripPunctuation(sp < 0 ? message : message.slice(0, sp))) ?? 'UNKNOWN';
  }
  return { timestamp: ts.date, service: tag, severity, message, attributes, traceId: null, spanId: null };
}

function stripPunctuation(token: string): string {
  return token.replace(/^[[<(]|[\]>):]+$/g, '');
}

/** Decodes a syslog line (5424 or 3164, with or without PRI); null when it is not syslog. */
export function decodeSyslog(text: string): DecodedEvent | null {
  const pri = readPri(text);
  if (pri !== null && text.startsWith('1 ', pri.end)) return decodeSyslog5424(text, pri.pri, pri.end);
  return decodeSyslog3164(text, pri?.pri ?? null, pri?.end ?? 0);
}
