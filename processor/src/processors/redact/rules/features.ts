/**
 * What one pass over a line tells every rule's hint at once. Running each rule's own probe
 * (a regex or a few `includes`) cost a full scan of the line per rule, about 5 µs per line for
 * 21 rules; these bits come from one character loop and one keyword regex instead.
 *
 * Bits marked "exact" hold exactly when the probe named beside them matches, so a hint may rely
 * on them alone. The others are only necessary conditions of a rule's hint or pattern: the hint
 * still runs when they are set, and they only save it when they are not.
 */
export const F_DIGIT4 = 1 << 0; // exact: /\d{4}/
export const F_DIGIT_DOT_DIGIT = 1 << 1; // exact: /\d\.\d/
export const F_PLUS_DIGIT = 1 << 2; // exact: /\+\d/
export const F_DIGIT3_PUNCT = 1 << 3; // exact: /\d{3}[.)-]/
export const F_SCHEME = 1 << 4; // exact: '://'
export const F_EMAIL_AT = 1 << 5; // exact: '@' or '%40'
export const F_JWT_START = 1 << 6; // exact: 'eyJ'
export const F_DIGIT_DASH_DIGIT = 1 << 7; // /\d-\d/
export const F_IPV6_COLONS = 1 << 8; // '::', or six colons or more
export const F_UPPER_KEY = 1 << 9; // 'KEY'
export const F_AWS_PREFIX = 1 << 10; // /A[A-Z]{2}A/
export const F_VENDOR = 1 << 11; // the end of a vendor prefix: 'ghp_', 'glpat-', 'xoxb-', 'sk-', 'k_', 'npm_', 'AIza', 'SG.', …
export const F_ZERO_NONZERO = 1 << 12; // /(?<![\w+.:-])0[1-9]/, where a trunk-prefix phone starts
export const F_XML_CLOSE = 1 << 13; // '</'
export const F_CARD_RUN = 1 << 14; // 13 digits or more, each pair apart by at most one ' ' or '-'
export const F_DOTTED3 = 1 << 15; // a run of digits and dots holding three dots that follow a digit
export const F_US_PHONE_END = 1 << 16; // /\d{3}[.-]\d{4}/

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isWordish = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 43 || c === 46 || c === 58 || c === 45;

/**
 * Whether `c` (`_` or `-`) after `p3 p2 p1` ends one of the vendor-token prefixes (lower-case
 * ASCII letters compared by code): gh[pousr]_ github_ glpat- xox[abposr]- sk- k_ npm_ hf_ dop_ shpat_.
 */
function endsVendorPrefix(c: number, p1: number, p2: number, p3: number): boolean {
  if (c === 95) {
    if (p1 === 107) return true; // k_
    if (p2 === 104) return p1 === 102 || (p3 === 103 && (p1 === 112 || p1 === 111 || p1 === 117 || p1 === 115 || p1 === 114)); // hf_ gh?_
    return (p1 === 98 && p2 === 117 && p3 === 104) || (p1 === 109 && p2 === 112 && p3 === 110) || (p1 === 112 && p2 === 111 && p3 === 100) || (p1 === 116 && p2 === 97 && p3 === 112);
  }
  if (p1 === 107 && p2 === 115) return true; // sk-
  if (p1 === 116 && p2 === 97 && p3 === 112) return true; // glpat-
  return p2 === 120 && p3 === 111 && (p1 === 97 || p1 === 98 || p1 === 112 || p1 === 111 || p1 === 115 || p1 === 114); // xox?-
}

/** The character bits above for `text`. Only ASCII matters: `\d` and the punctuation are ASCII. */
export function textFeatures(text: string): number {
  let f = 0;
  let run = 0; // digits right before the current character
  let colons = 0;
  let cardRun = 0;
  let dots = 0; // dots after a digit in the current run of digits and dots
  let endedRun = 0; // length of the digit run that ended right before the previous character
  let runBeforeSep = 0; // that length, for the separator right before the current digit run
  let sep = 0; // the character right before the current digit run
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      if (run === 0) {
        runBeforeSep = endedRun;
        sep = p1;
      }
      if (run >= 3) {
        f |= F_DIGIT4;
        if (run === 3 && runBeforeSep >= 3 && (sep === 46 || sep === 45)) f |= F_US_PHONE_END;
      }
      cardRun = isDigit(p1) || ((p1 === 32 || p1 === 45) && isDigit(p2)) ? cardRun + 1 : 1;
      if (cardRun >= 13) f |= F_CARD_RUN;
      if (p1 === 46 && isDigit(p2)) f |= F_DIGIT_DOT_DIGIT;
      else if (p1 === 45 && isDigit(p2)) f |= F_DIGIT_DASH_DIGIT;
      else if (p1 === 43) f |= F_PLUS_DIGIT;
      else if (p1 === 48 && c !== 48 && !isWordish(p2)) f |= F_ZERO_NONZERO;
      else if (c === 48 && p1 === 52 && p2 === 37) f |= F_EMAIL_AT;
      run++;
    } else {
      endedRun = run;
      if (c === 46) {
        if (isDigit(p1) && ++dots >= 3) f |= F_DOTTED3;
      } else {
        dots = 0;
      }
      switch (c) {
        case 41: // )
          if (run >= 3) f |= F_DIGIT3_PUNCT;
          break;
        case 45: // -
          if (run >= 3) f |= F_DIGIT3_PUNCT;
          if (endsVendorPrefix(c, p1, p2, p3)) f |= F_VENDOR;
          break;
        case 46: // .
          if (run >= 3) f |= F_DIGIT3_PUNCT;
          if (p1 === 71 && p2 === 83) f |= F_VENDOR;
          break;
        case 47: // /
          if (p1 === 47 && p2 === 58) f |= F_SCHEME;
          else if (p1 === 60) f |= F_XML_CLOSE;
          break;
        case 58: // :
          colons++;
          if (p1 === 58) f |= F_IPV6_COLONS;
          break;
        case 64: // @
          f |= F_EMAIL_AT;
          break;
        case 95: // _
          if (endsVendorPrefix(c, p1, p2, p3)) f |= F_VENDOR;
          break;
        case 74: // J
          if (p1 === 121 && p2 === 101) f |= F_JWT_START;
          break;
        case 89: // Y
          if (p1 === 69 && p2 === 75) f |= F_UPPER_KEY;
          break;
        case 65: // A
          if (p3 === 65 && isUpper(p2) && isUpper(p1)) f |= F_AWS_PREFIX;
          break;
        case 97: // a
          if (p1 === 122 && p2 === 73 && p3 === 65) f |= F_VENDOR;
          break;
        default:
          break;
      }
      run = 0;
    }
    p3 = p2;
    p2 = p1;
    p1 = c;
  }
  if (colons >= 6) f |= F_IPV6_COLONS;
  return f;
}

/** Keyword bits (exact): set when the lower-cased text contains any of the group's words. */
export const K_SSN = 1 << 0; // 'ssn', 'social'
export const K_PHONE = 1 << 1; // 'phone', 'tel', 'mobile', 'cell', 'fax', 'msisdn', 'contact'
export const K_SECRET = 1 << 2; // 'secret'
export const K_BEARER = 1 << 3; // 'bearer', 'authorization'
export const K_KEY_TOKEN = 1 << 4; // 'key', 'token', 'secret'
export const K_PASS = 1 << 5; // 'pass', 'pwd', 'pw'
export const K_PASS_PWD = 1 << 6; // 'pass', 'pwd'
export const K_DASH_PASS = 1 << 7; // '-pass'
export const K_SESSION = 1 << 8; // 'sessid', 'session', 'sid'

const KEYWORDS: readonly (readonly [string, number])[] = [
  ['ssn', K_SSN],
  ['social', K_SSN],
  ['phone', K_PHONE],
  ['tel', K_PHONE],
  ['mobile', K_PHONE],
  ['cell', K_PHONE],
  ['fax', K_PHONE],
  ['msisdn', K_PHONE],
  ['contact', K_PHONE],
  ['secret', K_SECRET | K_KEY_TOKEN],
  ['bearer', K_BEARER],
  ['authorization', K_BEARER],
  ['key', K_KEY_TOKEN],
  ['token', K_KEY_TOKEN],
  ['pass', K_PASS | K_PASS_PWD],
  ['pwd', K_PASS | K_PASS_PWD],
  ['pw', K_PASS],
  ['-pass', K_DASH_PASS],
  ['sessid', K_SESSION],
  ['session', K_SESSION],
  ['sid', K_SESSION],
];

/**
 * Finds the next position where some keyword starts; which ones start there is checked by hand.
 * Written as a trie (one branch per first letter) so the regex does not try all 21 words at
 * every position; the test checks it finds every keyword.
 */
const KEYWORD_RE = /s(?:sn|ocial|ecret|ess(?:id|ion)|id)|p(?:hone|ass|wd?)|t(?:el|oken)|m(?:obile|sisdn)|c(?:ell|ontact)|fax|bearer|authorization|key|-pass/g;

/** The keywords, for tests. */
export const KEYWORD_LIST: readonly string[] = KEYWORDS.map(([w]) => w);

/**
 * The keyword bits of an already lower-cased text. Matches may overlap (`secretel`), so the search
 * resumes one character after each hit rather than after the match, and every keyword is tried at
 * every hit: each position where any keyword starts is visited.
 */
export function keywordFeatures(lower: string): number {
  let k = 0;
  const re = KEYWORD_RE;
  re.lastIndex = 0;
  for (let m = re.exec(lower); m !== null; m = re.exec(lower)) {
    const at = m.index;
    for (const [word, bits] of KEYWORDS) if ((k & bits) !== bits && lower.startsWith(word, at)) k |= bits;
    re.lastIndex = at + 1;
  }
  return k;
}
