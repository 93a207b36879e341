/**
 * Which template parameters and field values are measurements (latencies, sizes, counts), and
 * their numeric values: the parameter-shift detector asks this of every parameter of every line.
 */

/**
 * Measurements only: a decimal, a number with a unit, or an integer of 3+ digits. One- and
 * two-digit integers are mostly clock parts, counters and enums, whose drift is not a shift.
 */
const MEASUREMENT = /^-?(?:\d+\.\d+|\d+(?:ms|s|us|µs|ns|b|kb|mb|gb|%)|\d{3,})$/i;

/** A unit right after a placeholder (`in <*> ms`) or a key right before it (`rt=<*>`) marks a measurement. */
const UNIT_AFTER = /^\s*(?:ms|msec|s|sec|secs|seconds|us|µs|ns|bytes|b|kb|mb|gb|%)\b/i;
const KEY_BEFORE = /[A-Za-z_]=\s*$/;

/** Per placeholder of a template: is it a measurement whatever its digit count? */
export function measuredPositions(templateText: string): boolean[] {
  const parts = templateText.split('<*>');
  return parts.slice(0, -1).map((before, i) => KEY_BEFORE.test(before) || UNIT_AFTER.test(parts[i + 1] ?? ''));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * False when a parameter whose first character code is `c` cannot be a number (`numericValue`
 * gives NaN): small enough to be inlined where the call itself would cost more than the answer.
 */
export function mayBeNumber(c: number): boolean {
  return isDigit(c) || c === 45 || c <= 32 || c >= 128;
}

/**
 * The value of a measurement parameter, or NaN (a number either way keeps the hot loops on
 * doubles). A hand scan equivalent to `MEASUREMENT` / `INTEGER` followed by `parseFloat`: most
 * parameters fail on their first characters, and this runs for every parameter of every line.
 */
export function numericValue(param: string, measured = false): number {
  // most parameters are words, paths or ids: reject them on the first character, before trim
  const c = param.charCodeAt(0);
  if (!mayBeNumber(c)) return Number.NaN;
  const end = param.charCodeAt(param.length - 1);
  const t = c <= 32 || c >= 128 || end <= 32 || end >= 128 ? param.trim() : param;
  const n = t.length;
  if (n > 15) return Number.NaN;
  const negative = t.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  const start = i;
  // at most 15 characters: the digits fit a double exactly
  let mantissa = 0;
  while (i < n && isDigit(t.charCodeAt(i))) mantissa = mantissa * 10 + (t.charCodeAt(i++) - 48);
  const digits = i - start;
  if (digits === 0) return Number.NaN;
  let scale = 1;
  if (i === n) {
    if (digits < 3 && !measured) return Number.NaN;
  } else if (t.charCodeAt(i) === 46) {
    let j = i + 1;
    while (j < n && isDigit(t.charCodeAt(j))) {
      mantissa = mantissa * 10 + (t.charCodeAt(j++) - 48);
      scale *= 10;
    }
    if (j !== n || j === i + 1) return Number.NaN;
  } else if (!(n - i <= 2 && MEASUREMENT.test(t))) {
    // digits then something else: only a unit (at most 2 characters) qualifies; dates and
    // host:port pairs end here without the regex
    return Number.NaN;
  }
  // exact mantissa over an exact power of ten: one correctly rounded division, as parseFloat gives
  const v = scale === 1 ? mantissa : mantissa / scale;
  return negative ? -v : v;
}
