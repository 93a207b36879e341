import type { Severity } from '../domain/log-record.js';

/** How a numeric level should be read; the same number means different things per source. */
export type SeverityScale = 'syslog' | 'otel' | 'auto';

const WORDS: ReadonlyMap<string, Severity> = new Map<string, Severity>([
  ['trace', 'TRACE'], ['verbose', 'TRACE'], ['finest', 'TRACE'], ['finer', 'TRACE'], ['v', 'TRACE'], ['trc', 'TRACE'],
  ['debug', 'DEBUG'], ['dbg', 'DEBUG'], ['fine', 'DEBUG'], ['config', 'DEBUG'], ['d', 'DEBUG'], ['debug1', 'DEBUG'],
  ['info', 'INFO'], ['information', 'INFO'], ['informational', 'INFO'], ['notice', 'INFO'], ['i', 'INFO'], ['inf', 'INFO'],
  ['warn', 'WARN'], ['warning', 'WARN'], ['w', 'WARN'], ['wrn', 'WARN'],
  ['err', 'ERROR'], ['error', 'ERROR'], ['e', 'ERROR'], ['severe', 'ERROR'], ['fail', 'ERROR'], ['failure', 'ERROR'], ['erro', 'ERROR'],
  ['crit', 'FATAL'], ['critical', 'FATAL'], ['fatal', 'FATAL'], ['panic', 'FATAL'], ['emerg', 'FATAL'],
  ['emergency', 'FATAL'], ['alert', 'FATAL'], ['f', 'FATAL'], ['a', 'FATAL'], ['c', 'FATAL'], ['ftl', 'FATAL'],
]);

/** syslog severities 0..7 (RFC 5424 §6.2.1): emerg, alert, crit → FATAL; notice → INFO. */
const SYSLOG: readonly Severity[] = ['FATAL', 'FATAL', 'FATAL', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG'];

/** OTel SeverityNumber: 1–4 TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN, 17–20 ERROR, 21–24 FATAL. */
export function severityFromOtel(n: number): Severity {
  if (!Number.isInteger(n) || n < 1 || n > 24) return 'UNKNOWN';
  const order: readonly Severity[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
  return order[Math.floor((n - 1) / 4)] ?? 'UNKNOWN';
}

/** syslog severity 0–7 (the low three bits of PRI). */
export function severityFromSyslog(n: number): Severity {
  return Number.isInteger(n) ? (SYSLOG[n] ?? 'UNKNOWN') : 'UNKNOWN';
}

function fromNumber(n: number, scale: SeverityScale): Severity {
  if (scale === 'syslog') return severityFromSyslog(n);
  if (scale === 'otel') return severityFromOtel(n);
  // pino/bunyan levels are multiples of ten; 10..60 cannot be confused with syslog or OTel ranges.
  if (n >= 10 && n <= 60 && n % 10 === 0) return (['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const)[n / 10 - 1] ?? 'UNKNOWN';
  if (n >= 0 && n <= 7) return severityFromSyslog(n);
  return severityFromOtel(n);
}

/**
 * Normalises a level (word, abbreviation or number) to `Severity`, case-insensitively.
 * Unknown or missing values give 'UNKNOWN'. Numeric strings are read as numbers.
 */
export function normalizeSeverity(value: unknown, scale: SeverityScale = 'auto'): Severity {
  if (typeof value === 'number') return fromNumber(value, scale);
  if (typeof value !== 'string' || value.length === 0 || value.length > 24) return 'UNKNOWN';
  const word = WORDS.get(value.toLowerCase());
  if (word !== undefined) return word;
  const code = value.charCodeAt(0);
  if (code >= 48 && code <= 57 && /^\d{1,2}$/.test(value)) return fromNumber(Number(value), scale);
  return 'UNKNOWN';
}

/**
 * Reads a token as a level word in a free-text header. Stricter than `normalizeSeverity`:
 * single letters count only when upper-case (Android/glog `E`, `W`), and mixed-case words
 * other than Capitalised are rejected so ordinary prose ("Error" at the start is allowed,
 * "eRRor" is not) does not turn into levels.
 */
export function headerLevel(token: string): Severity | null {
  const n = token.length;
  if (n === 0 || n > 13) return null;
  if (n === 1) {
    const c = token.charCodeAt(0);
    if (c < 65 || c > 90) return null;
  }
  const lower = token.toLowerCase();
  const sev = WORDS.get(lower);
  if (sev === undefined) return null;
  if (n > 1 && token !== lower && token !== token.toUpperCase() && token !== lower[0]!.toUpperCase() + lower.slice(1)) return null;
  // Single-letter words other than the glog/Android set would swallow ordinary capitals.
  if (n === 1 && !'VDIWEFA'.includes(token)) return null;
  return sev;
}
