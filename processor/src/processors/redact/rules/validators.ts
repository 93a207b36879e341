/** Luhn checksum over the digits of `value` (separators ignored). */
export function luhnValid(value: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = value.length - 1; i >= 0; i--) {
    const code = value.charCodeAt(i) - 48;
    if (code < 0 || code > 9) continue;
    let d = code;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Only the digits of a string. */
export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

/**
 * Issuer prefixes of the card networks that print 13–19 digit PANs. Checking the IIN on top of
 * Luhn matters: one random number in ten passes Luhn, and logs are full of long numeric ids.
 */
const CARD_IIN = /^(?:4\d{12}(?:\d{3}){0,2}|5[1-5]\d{14}|2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)\d{12}|3[47]\d{13}|3(?:0[0-5]|[68]\d)\d{11,16}|6(?:011|5\d\d|4[4-9]\d)\d{12,15}|35(?:2[89]|[3-8]\d)\d{12,15}|62\d{14,17})$/;

/** True when the digits look like a payment card number: known issuer range, length and Luhn. */
export function isCardNumber(digits: string): boolean {
  return CARD_IIN.test(digits) && luhnValid(digits);
}

/** Grouping printed on cards and in forms: 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4. */
const CARD_GROUPINGS = new Set(['4-4-4-4', '4-4-4-4-3', '4-4-4-1', '4-6-5', '4-6-4', '4-4-4-3', '4-4-4-2', '4-4-4-4-1', '4-4-4-4-2']);

/** A separated card number must use one separator throughout and a real grouping. */
export function cardGroupingValid(text: string): boolean {
  const separators = text.replace(/\d/g, '');
  if (separators.length === 0) return true;
  const first = separators[0];
  for (const ch of separators) if (ch !== first) return false;
  const groups = text.split(first ?? ' ').map((g) => g.length);
  return CARD_GROUPINGS.has(groups.join('-'));
}

/** SSA rules: no area 000/666/9xx, no group 00, no serial 0000. */
export function ssnValid(digits: string): boolean {
  if (digits.length !== 9) return false;
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area.startsWith('9')) return false;
  return digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000';
}

/** NANP: area code and exchange both start with 2–9. */
export function nanpValid(tenDigits: string): boolean {
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(tenDigits);
}

/** {@link scanIpv4}'s answer for text with a character other than a digit or a dot. */
const NOT_DOTTED_DIGITS = -2;

/**
 * One pass over a dotted quad: the address as an unsigned 32-bit number when it has four decimal
 * octets ≤ 255 without leading zeros, -1 when digits and dots do not make one, and
 * NOT_DOTTED_DIGITS as soon as any other character shows up. No split or array per address.
 */
function scanIpv4(text: string): number {
  let parts = 1;
  let len = 0;
  let octet = 0;
  let lead = 0;
  let ip = 0;
  let valid = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (len === 0 || octet > 255 || (len > 1 && lead === 48) || ++parts > 4) valid = false;
      ip = ((ip << 8) | octet) >>> 0;
      len = 0;
      octet = 0;
    } else if (c >= 48 && c <= 57) {
      if (len === 0) lead = c;
      if (++len > 3) valid = false;
      octet = octet * 10 + c - 48;
    } else {
      return NOT_DOTTED_DIGITS;
    }
  }
  if (!valid || parts !== 4 || len === 0 || octet > 255 || (len > 1 && lead === 48)) return -1;
  return ((ip << 8) | octet) >>> 0;
}

/** Dotted quad with every octet ≤ 255 and no leading zeros (leading zeros signal versions/ids). */
export function ipv4Valid(text: string): boolean {
  const ip = scanIpv4(text);
  return ip === NOT_DOTTED_DIGITS ? ipv4ValidBySplit(text) : ip >= 0;
}

/** The general form of {@link ipv4Valid}, for text with characters other than digits and dots. */
export function ipv4ValidBySplit(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  for (const part of parts) {
    if (part.length === 0 || part.length > 3) return false;
    if (part.length > 1 && part.startsWith('0')) return false;
    if (Number(part) > 255) return false;
  }
  return true;
}

/**
 * The address as an unsigned 32-bit number when `text` is an IPv4 address in the form Node's
 * `isIPv4` accepts (four decimal octets ≤ 255, no leading zeros), else -1. One pass instead of
 * `isIPv4` plus {@link ipv4ToInt}: the allow-list checks every address found.
 */
export function parseIpv4(text: string): number {
  return Math.max(-1, scanIpv4(text));
}

/** The four octets of a valid IPv4 as one unsigned 32-bit number. */
export function ipv4ToInt(text: string): number {
  return text.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

/** Character classes present in a string: used to tell random secrets from words. */
export function charClasses(value: string): { lower: boolean; upper: boolean; digit: boolean } {
  return { lower: /[a-z]/.test(value), upper: /[A-Z]/.test(value), digit: /\d/.test(value) };
}

/**
 * A value looks like a generated secret rather than a word, path or constant: long enough and
 * mixing character classes. Short or single-class values (`expired`, `null`, `true`) are not.
 */
export function looksLikeSecret(value: string): boolean {
  if (value.length < 8 || looksLikeName(value)) return false;
  const c = charClasses(value);
  const classes = Number(c.lower) + Number(c.upper) + Number(c.digit);
  if (classes >= 2 && c.digit) return true;
  // Letters-only secrets exist (base62 with bad luck); accept them when long.
  return value.length >= 20 && classes >= 1 && !/^[a-z_]+$/.test(value) && !/^[A-Z_]+$/.test(value);
}

/**
 * Names that appear after `secret:`, `token=` or `sessionid:` but grant nothing: kebab/snake
 * resource names made of lower-case words and small numbers (`db-creds-2`), hex literals and
 * dotted identifiers.
 */
export function looksLikeName(value: string): boolean {
  // Hex literals (`0x14ede63a5a70002`: ZooKeeper session ids, handles) are numbers, not secrets.
  if (/^0x[0-9a-f]+$/i.test(value)) return true;
  // Dotted identifiers: Java classes, reverse-DNS bundle ids (`android.os.BinderProxy`, `com.apple.x/42`).
  if (/^[A-Za-z]+(?:\.[A-Za-z$_]+){2,}(?:\/\d+)?$/.test(value)) return true;
  const segments = value.split(/[-_.]/);
  if (segments.length < 2) return false;
  return segments.every((s) => /^[a-z]{1,16}$/.test(s) || /^\d{1,6}$/.test(s));
}
