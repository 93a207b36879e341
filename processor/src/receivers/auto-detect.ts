import { decodeAccessLog } from './access-log.receiver.js';
import type { DecodedEvent } from './decoded-event.js';
import { decodeJsonLine, decodeJsonObject } from './json.receiver.js';
import { decodeLogfmtParse, looksLikeLogfmt, parseLogfmt } from './logfmt.receiver.js';
import { decodePlain } from './plain.receiver.js';
import { decodeSyslog, readPri } from './syslog.receiver.js';

/** The formats auto-detection chooses between. */
export type DetectedFormat = 'json' | 'syslog' | 'logfmt' | 'access' | 'plain';

/** A decoded event plus which format decoded it and, for broken JSON, the parse error. */
export interface AutoDecoded {
  readonly event: DecodedEvent;
  readonly format: DetectedFormat;
  /** Set when the line looked like JSON (`{...`) but did not parse; the event is then plain. */
  readonly jsonError?: string;
}

const MONTH_START = /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) /;

/** The JSON branch of `decodeAuto`: `{` first, after spaces or tabs only. */
function looksLikeJson(text: string): boolean {
  const c = text.charCodeAt(0);
  return c === 123 || ((c === 32 || c === 9) && text.trimStart().charCodeAt(0) === 123);
}

/**
 * `decodeAuto(text)` when the caller already has `JSON.parse(text)` as an object: the same event,
 * without parsing the line a second time. A line `decodeAuto` would not treat as JSON (one that
 * opens with a newline, say) is decoded from its text as usual.
 */
export function decodeAutoJsonObject(value: Record<string, unknown>, text: string): AutoDecoded {
  return looksLikeJson(text) ? { event: decodeJsonObject(value, text), format: 'json' } : decodeAuto(text);
}

/**
 * Decodes one event, choosing the format from the line itself: JSON if it starts with `{` and
 * parses; syslog if it starts with `<PRI>` or a `Mmm dd hh:mm:ss host tag:` header; logfmt if it
 * is mostly `key=value` with a `msg` key; an nginx/Apache access-log line; otherwise plain text. Cheap character tests gate each
 * parser so a plain line costs one header parse.
 */
export function decodeAuto(text: string): AutoDecoded {
  if (looksLikeJson(text)) {
    const json = decodeJsonLine(text);
    if (json.ok) return { event: json.event, format: 'json' };
    const event = decodePlain(text);
    event.attributes.json_error = json.error;
    return { event, format: 'plain', jsonError: json.error };
  }
  const c = text.charCodeAt(0);
  if ((c === 60 && readPri(text) !== null) || (c >= 65 && c <= 83 && MONTH_START.test(text))) {
    const syslog = decodeSyslog(text);
    if (syslog !== null) return { event: syslog, format: 'syslog' };
  }
  if (text.includes('msg=') || text.includes('message=')) {
    const parse = parseLogfmt(text);
    if (looksLikeLogfmt(parse)) return { event: decodeLogfmtParse(parse, text), format: 'logfmt' };
  }
  if (text.includes(' - ') && text.includes('] "')) {
    const access = decodeAccessLog(text);
    if (access !== null) return { event: access, format: 'access' };
  }
  return { event: decodePlain(text), format: 'plain' };
}
