/**
 * Timestamp recognition for log headers and timestamp fields. Headers are matched with a few
 * anchored patterns chosen by the shape of the first characters, so a line costs at most one or
 * two regex tests. Times without a zone are read as UTC so results do not depend on the host.
 */

/** A timestamp found at the start of a text, and where it ends. */
export interface LeadingTimestamp {
  readonly date: Date;
  /** Index just after the timestamp (after a closing `]` when it was bracketed). */
  readonly end: number;
}

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const MONTH_INDEX: Readonly<Record<string, number>> = Object.fromEntries(
  MONTHS.split('|').map((m, i) => [m, i]),
);

// 2024-05-01T12:00:00.123Z, 2015-10-18 18:01:47,978, 2005-06-03-15.42.50.675872, 2024/05/01 12:00:00
const ISO = /^(\d{4})[-/.](\d{2})[-/.](\d{2})(?:[T ]|-)(\d{2})[:.](\d{2})[:.](\d{2})(?:[.,:](\d{1,9}))?(?: ?(Z|[+-]\d{2}:?\d{2}))?/;
// 20171223-22:15:29:606
// Some writers do not zero-pad time fields (20171223-22:16:0:119), hence the 1–2 digit forms.
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:[-T ](\d{2})(\d{2})(\d{2})|[-T ](\d{1,2}):(\d{1,2}):(\d{1,2}))(?:[.:,](\d{1,9}))?(Z)?/;
// 081109 203615 (HDFS)
const YYMMDD_HHMMSS = /^(\d{2})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2})(?= |$)/;
// 17/06/09 20:10:40 (Spark, yy/MM/dd)
const YY_SLASH = /^(\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?/;
// 03-17 16:13:38.811 (Android logcat), 10.30 16:49:06 (Proxifier)
const MM_DD = /^(\d{2})[-.](\d{2}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?/;
// 10/Oct/2000:13:55:36 -0700
const CLF = new RegExp(`^(\\d{2})\\/(${MONTHS})\\/(\\d{4}):(\\d{2}):(\\d{2}):(\\d{2})(?: ([+-]\\d{4}))?`);
// Jun 14 15:16:01, Jun  9 06:06:20.123 2005 (year optional)
const MON_DD = new RegExp(`^(${MONTHS}) {1,2}(\\d{1,2}),? (\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?: (\\d{4})(?= |$))?`);
// Sun Dec 04 04:47:44 2005
const DAY_MON = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${MONTHS}) {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?: (\\d{4}))?`);

function fraction(text: string | undefined): number {
  return text === undefined ? 0 : Number(text.slice(0, 3).padEnd(3, '0'));
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits[0] === '-' ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone?: string): Date | null {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo, d, h, mi, s, ms) - offsetMinutes(zone) * 60_000;
  return Number.isFinite(t) ? new Date(t) : null;
}

const n = Number;
const FUTURE_SLACK_MS = 2 * 24 * 3600 * 1000;
type Match = RegExpExecArray;
interface Found {
  readonly date: Date | null;
  readonly m: Match;
  readonly yearless?: boolean;
}

function fromDigits(text: string, refYear: number): Found | null {
  const c2 = text.charCodeAt(2);
  const c4 = text.charCodeAt(4);
  let m: Match | null;
  if (c4 === 45 || c4 === 47 || c4 === 46) {
    if ((m = ISO.exec(text))) return { m, date: build(n(m[1]), n(m[2]) - 1, n(m[3]), n(m[4]), n(m[5]), n(m[6]), fraction(m[7]), m[8]) };
  }
  if (c2 === 47) {
    if ((m = YY_SLASH.exec(text))) return { m, date: build(2000 + n(m[1]), n(m[2]) - 1, n(m[3]), n(m[4]), n(m[5]), n(m[6]), fraction(m[7])) };
    if ((m = CLF.exec(text))) return { m, date: build(n(m[3]), MONTH_INDEX[m[2]!]!, n(m[1]), n(m[4]), n(m[5]), n(m[6]), 0, m[7]) };
    return null;
  }
  if (c2 === 45 || c2 === 46) {
    if ((m = MM_DD.exec(text))) return { m, yearless: true, date: build(refYear, n(m[1]) - 1, n(m[2]), n(m[3]), n(m[4]), n(m[5]), fraction(m[6])) };
    return null;
  }
  if (text.charCodeAt(6) === 32) {
    if ((m = YYMMDD_HHMMSS.exec(text))) return { m, date: build(2000 + n(m[1]), n(m[2]) - 1, n(m[3]), n(m[4]), n(m[5]), n(m[6]), 0) };
    return null;
  }
  if ((m = COMPACT.exec(text))) {
    const [h, mi, s] = m[4] === undefined ? [m[7], m[8], m[9]] : [m[4], m[5], m[6]];
    return { m, date: build(n(m[1]), n(m[2]) - 1, n(m[3]), n(h), n(mi), n(s), fraction(m[10]), m[11]) };
  }
  return null;
}

function fromLetters(text: string, refYear: number): Found | null {
  let m: Match | null;
  if (text.charCodeAt(3) === 32 && (m = MON_DD.exec(text))) {
    return { m, yearless: m[7] === undefined, date: build(m[7] ? n(m[7]) : refYear, MONTH_INDEX[m[1]!]!, n(m[2]), n(m[3]), n(m[4]), n(m[5]), fraction(m[6])) };
  }
  if ((m = DAY_MON.exec(text))) {
    return { m, yearless: m[7] === undefined, date: build(m[7] ? n(m[7]) : refYear, MONTH_INDEX[m[1]!]!, n(m[2]), n(m[3]), n(m[4]), n(m[5]), fraction(m[6])) };
  }
  return null;
}

/**
 * Finds a timestamp at the very start of `text` (optionally inside `[...]`). Supports ISO-8601
 * and its common log variants, syslog `Mmm dd hh:mm:ss`, Apache/CLF, Spark, HDFS, Android and
 * compact forms. Year-less forms use `refYear`; by default the current UTC year, or the
 * previous one when that would put the time more than two days in the future.
 */
export function matchLeadingTimestamp(text: string, refYear?: number): LeadingTimestamp | null {
  const c = text.charCodeAt(0);
  if (c === 91) {
    const inner = matchLeadingTimestamp(text.slice(1, 64), refYear);
    if (inner === null || text.charCodeAt(inner.end + 1) !== 93) return null;
    return { date: inner.date, end: inner.end + 2 };
  }
  const year = refYear ?? new Date().getUTCFullYear();
  let found: Found | null = null;
  if (c >= 48 && c <= 57) found = fromDigits(text, year);
  else if (c >= 65 && c <= 90) found = fromLetters(text, year);
  if (found === null || found.date === null) return null;
  let date = found.date;
  // A year-less December line read in January belongs to last year, not to eleven months ahead.
  if (found.yearless === true && refYear === undefined && date.getTime() > Date.now() + FUTURE_SLACK_MS) {
    date = new Date(date.getTime());
    date.setUTCFullYear(year - 1);
  }
  // `2026-11-24 10:00:47.800 UTC` (PostgreSQL, many Java layouts): the zone word belongs to the time.
  const zone = UTC_WORD.exec(text.slice(found.m[0].length, found.m[0].length + 5));
  return { date, end: found.m[0].length + (zone?.[0].length ?? 0) };
}

const UTC_WORD = /^ (?:UTC|GMT)(?![A-Za-z])/;

/** Epoch seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude. */
export function fromEpoch(value: number): Date | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  let ms: number;
  if (value >= 1e17) ms = value / 1e6;
  else if (value >= 1e14) ms = value / 1e3;
  else if (value >= 1e11) ms = value;
  else ms = value * 1000;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d;
}

const NUMERIC = /^\d+(\.\d+)?$/;

/**
 * Parses a timestamp field value: epoch numbers (s/ms/µs/ns, also as numeric strings), the
 * header forms of `matchLeadingTimestamp`, and anything `Date.parse` accepts. Null if none.
 */
export function parseTimestamp(value: unknown, refYear?: number): Date | null {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text.length === 0 || text.length > 64) return null;
  if (NUMERIC.test(text)) return text.length >= 9 ? fromEpoch(Number(text)) : null;
  const lead = matchLeadingTimestamp(text, refYear);
  if (lead !== null && lead.end >= text.length - 6) return lead.date;
  // Date.parse reads almost anything ("build 7" → 2001-07-01): only hand it text that names a full date.
  if (!FULL_DATE.test(text)) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t);
}

/** ISO-like `2026-11-24…`, RFC 2822 `24 Nov 2026`, or US `Nov 24, 2026`. */
const FULL_DATE = /\d{4}-\d{2}-\d{2}|\b\d{1,2} [A-Z][a-z]{2} \d{4}\b|\b[A-Z][a-z]{2} \d{1,2},? \d{4}\b/;
