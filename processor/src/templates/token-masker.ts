import { BadInputError } from '../domain/errors.js';
import type { MinerConfig } from './miner-config.js';

/** The wildcard used in template text for one variable. */
export const WILDCARD = '<*>';

/** A message split into whitespace tokens, each with its masked form and the values masked out. */
export interface MaskedLine {
  readonly raw: string[];
  /** Token with every recognised variable replaced by `<*>` (punctuation kept). */
  readonly masked: string[];
  /** Values removed from each token, in order; undefined when nothing was masked. */
  readonly values: (string[] | undefined)[];
}

// Delimiters inside a token: variables are masked piecewise between them so that
// `10.0.0.1:8080` becomes `<*>:<*>` and `size=12,` becomes `size=<*>,`.
const DELIMITER = new Uint8Array(128);
for (const ch of ':=,;()[]{}"\'<>|') DELIMITER[ch.charCodeAt(0)] = 1;
const HAS_DELIMITER_RE = /[:=,;()[\]{}"'<>|]/;
// The scheme stays constant (`hdfs://<*>`), the rest is the value.
const URL_RE = /(?<=[a-zA-Z][\w+.-]*:\/\/)[^\s"'<>()[\]]+/g;
const WIN_PATH_RE = /\b[A-Za-z]:\\[^\s"'<>|]*/g;
const HEX_RE = /^(?:0[xX])?(?:[0-9a-f]{6,}|[0-9A-F]{6,})$/;
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// Host names: two or more labels ending in a common top-level domain. Java packages and
// file names (`org.apache.Foo`, `workers2.properties`) do not end in one.
const HOST_RE =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:com|net|org|edu|gov|mil|int|info|biz|io|asia|xyz|online|site|top|app|dev|cloud|local|lan|internal|localdomain|arpa)$/i;
// Country-code domains need three labels, so `app.js` or `lib.rs` stay file names.
const CC_HOST_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.){2,}[a-z]{2}$/;
// `core.1234`, `log.1`: a name with a numeric suffix keeps the name (`core.<*>`).
const WORD_DOT_NUMBER_RE = /^[A-Za-z]+\.\d+$/;
// Colon-separated hex octets (MAC addresses, WWNs): one value, not a run of `<*>:<*>`.
const HEX_OCTETS_RE = /\b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){3,}\b/g;
// IPv6 (compressed `fe80::1` or full): only tried when `::` or many colons are present, so
// times (`22:53:19`) stay `<*>:<*>:<*>`.
const IPV6_RE = /(?<![\w:])(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){7}|(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*)?::(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*)?)(?:%\w+)?(?![\w:])/g;
const INNER_NUMBER_RE = /(?<![A-Za-z0-9_])[-+]?\d+(?:\.\d+)*(?![A-Za-z0-9_])/g;

interface CompiledMask {
  readonly name: string;
  readonly re: RegExp;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Cheap pre-check: tokens without digits, dots or slashes never hold a built-in variable. */
function mayHoldVariable(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (isDigit(c) || c === 46 || c === 47 || c === 92) return true;
  }
  return false;
}

/** How one delimiter-free piece is masked. */
function maskPiece(piece: string, found: string[]): string {
  if (piece === WILDCARD || piece.includes('<*>')) return piece;
  if (isVariablePiece(piece)) {
    found.push(piece);
    return WILDCARD;
  }
  if (longestDigitRun(piece) === 0) return piece;
  return replaceAll(piece, INNER_NUMBER_RE, found);
}

/**
 * Masks each maximal run of non-delimiters. A hand loop rather than a regex replace with a
 * callback (the masker's largest cost when it was one): most tokens are a single piece. Pieces
 * are masked left to right so `found` stays in token order.
 */
function maskPieces(token: string, found: string[]): string {
  if (!HAS_DELIMITER_RE.test(token)) return token.length === 0 ? token : maskPiece(token, found);
  let start = -1;
  let out = '';
  let last = 0;
  for (let i = 0; i <= token.length; i++) {
    const c = i < token.length ? token.charCodeAt(i) : 58;
    if (c < 128 && DELIMITER[c] === 1) {
      if (start >= 0) {
        const piece = token.slice(start, i);
        const masked = maskPiece(piece, found);
        if (masked !== piece) {
          out += token.slice(last, start) + masked;
          last = i;
        }
        start = -1;
      }
    } else if (start < 0) {
      start = i;
    }
  }
  return last === 0 ? token : out + token.slice(last);
}

/** Whether `c` is matched by a regex `\s` (and removed by `trim`): ASCII and Unicode spaces, line ends, BOM. */
export function isWhitespace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `text.split(/\s+/)` for a trimmed, non-empty text, without a regex run per token. */
function splitOnWhitespace(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isWhitespace(text.charCodeAt(i))) continue;
    if (i > start) out.push(text.slice(start, i));
    start = i + 1;
  }
  out.push(text.slice(start));
  return out;
}

function colonCount(token: string): number {
  let n = 0;
  for (let i = 0; i < token.length; i++) if (token.charCodeAt(i) === 58) n++;
  return n;
}

function longestDigitRun(piece: string): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < piece.length; i++) {
    run = isDigit(piece.charCodeAt(i)) ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/**
 * Whether a delimiter-free piece is a variable as a whole: paths, numbers and anything
 * starting with a digit (ips, sizes, durations, versions), long digit runs (block and job
 * ids), hex and uuids. Short digit suffixes (`ssh2`, `jk2_init`) stay constant on purpose.
 */
function isVariablePiece(piece: string): boolean {
  const first = piece.charCodeAt(0);
  if (first === 47 && piece.length > 1) return true;
  let start = 0;
  if (first === 45 || first === 43 || first === 47) start = 1;
  if (start < piece.length && isDigit(piece.charCodeAt(start))) return true;
  if (longestDigitRun(piece) >= 4 && !WORD_DOT_NUMBER_RE.test(piece)) return true;
  if (piece.length >= 6 && (HEX_RE.test(piece) || UUID_RE.test(piece)) && longestDigitRun(piece) > 0) {
    return true;
  }
  if (piece.includes('/') && longestDigitRun(piece) > 0) return true;
  return piece.includes('.') && (HOST_RE.test(piece) || CC_HOST_RE.test(piece));
}

/** Splits and masks messages; stateless apart from the compiled extra masks. */
export class TokenMasker {
  private readonly extra: CompiledMask[];

  constructor(config: Pick<MinerConfig, 'extraMasks'>) {
    this.extra = config.extraMasks.map((m) => {
      try {
        return { name: m.name, re: new RegExp(m.regex, 'g') };
      } catch (cause) {
        throw new BadInputError(`extra mask ${m.name}: invalid regex`, 'config', { cause: String(cause) });
      }
    });
  }

  /** Tokenise on whitespace and mask each token. */
  mask(message: string, maxTokens: number): MaskedLine {
    const trimmed = message.trim();
    const split = trimmed === '' ? [] : splitOnWhitespace(trimmed);
    const raw = trimmed.includes('"') ? joinQuoted(split) : split;
    if (raw.length > maxTokens) {
      // Keep the tail as one token so params still carry the whole message.
      const tail = raw.splice(maxTokens - 1).join(' ');
      raw.push(tail);
    }
    const masked: string[] = new Array<string>(raw.length);
    const values: (string[] | undefined)[] = new Array<string[] | undefined>(raw.length);
    // Most tokens mask nothing: one list serves until a token keeps it.
    let found: string[] = [];
    for (let i = 0; i < raw.length; i++) {
      const token = raw[i] as string;
      masked[i] = this.maskToken(token, found);
      if (found.length > 0) {
        values[i] = found;
        found = [];
      } else {
        values[i] = undefined;
      }
    }
    maskCalendarWords(raw, masked, values);
    return foldUnits({ raw, masked, values });
  }

  private maskToken(token: string, found: string[]): string {
    let out = token;
    for (const m of this.extra) out = replaceAll(out, m.re, found);
    if (!mayHoldVariable(out)) return out;
    if (out.includes(':')) {
      if (out.includes('://')) {
        const url = replaceAll(out, URL_RE, found);
        if (url !== out) return url;
      }
      if (out.includes(':\\')) out = replaceAll(out, WIN_PATH_RE, found);
      if (out.length >= 11 && out.includes(':')) out = replaceAll(out, HEX_OCTETS_RE, found);
      if (out.includes('::') || colonCount(out) >= 7) out = replaceAll(out, IPV6_RE, found);
    }
    return maskPieces(out, found);
  }
}

// Size units written apart from their number (`12.5 KB`): the unit is part of the value.
const UNIT_RE = /^(?:[KMGTP]i?B|B)(?=[,;)\]]*$)/;

/** Fold a size unit into the masked number before it: `size <*> KB,` → `size <*>,`. */
function foldUnits(line: MaskedLine): MaskedLine {
  const { raw, masked, values } = line;
  let i = 1;
  for (; i < raw.length; i++) if (masked[i - 1] === WILDCARD && UNIT_RE.test(raw[i] as string)) break;
  if (i >= raw.length) return line;
  const out: MaskedLine = { raw: [], masked: [], values: [] };
  for (let j = 0; j < raw.length; j++) {
    const token = raw[j] as string;
    const unit = UNIT_RE.exec(token);
    const last = out.masked.length - 1;
    if (j > 0 && unit !== null && out.masked[last] === WILDCARD) {
      const value = `${out.raw[last] as string} ${unit[0]}`;
      out.raw[last] = value;
      out.masked[last] = WILDCARD + token.slice(unit[0].length);
      out.values[last] = [value];
      continue;
    }
    out.raw.push(token);
    out.masked.push(masked[j] as string);
    out.values.push(values[j]);
  }
  return out;
}

const MONTHS = new Set(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
const WEEKDAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);

function nextToMasked(masked: readonly string[], i: number): boolean {
  return (masked[i - 1]?.includes(WILDCARD) ?? false) || (masked[i + 1]?.includes(WILDCARD) ?? false);
}

/**
 * Month and weekday names next to a masked value are part of a date (`Sat Jul 9 22:53:19`):
 * mask them too, months first so that the weekday before a month is caught.
 */
function maskCalendarWords(raw: readonly string[], masked: string[], values: (string[] | undefined)[]): void {
  let candidates = 0;
  for (const token of raw) if (token.length === 3) candidates++;
  if (candidates === 0) return;
  for (const names of [MONTHS, WEEKDAYS]) {
    for (let i = 0; i < raw.length; i++) {
      const token = raw[i] as string;
      if (token.length !== 3 || !names.has(token) || masked[i] === WILDCARD || !nextToMasked(masked, i)) continue;
      masked[i] = WILDCARD;
      values[i] = [token];
    }
  }
}

/** Most tokens a double-quoted string may span and still be kept as one token. */
const MAX_QUOTED_TOKENS = 8;

function quoteCount(token: string): number {
  let n = 0;
  for (let i = token.indexOf('"'); i >= 0; i = token.indexOf('"', i + 1)) n++;
  return n;
}

/**
 * A double-quoted plain-text value with spaces (`tag="View Lock"`) is one variable: join its tokens so
 * the line keeps the same token count whatever the quoted text.
 */
function joinQuoted(tokens: string[]): string[] {
  // Each token's quote parity, counted once: the loop below looks up to MAX_QUOTED_TOKENS ahead.
  const odd = new Uint8Array(tokens.length);
  let anyOdd = false;
  for (let i = 0; i < tokens.length; i++) {
    if (quoteCount(tokens[i] as string) % 2 === 1) {
      odd[i] = 1;
      anyOdd = true;
    }
  }
  if (!anyOdd) return tokens;
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (odd[i] === 0) {
      out.push(token);
      continue;
    }
    let end = i + 1;
    while (end < tokens.length && end - i < MAX_QUOTED_TOKENS && odd[end] === 0) end++;
    // Only plain text: quoted requests (`"GET /a HTTP/1.1"`) keep their structure.
    if (end >= tokens.length || end - i >= MAX_QUOTED_TOKENS || tokens.slice(i + 1, end).some(mayHoldVariable)) {
      out.push(token);
      continue;
    }
    out.push(tokens.slice(i, end + 1).join(' '));
    i = end;
  }
  return out;
}

function replaceAll(text: string, re: RegExp, found: string[]): string {
  re.lastIndex = 0;
  return text.replace(re, (m) => {
    if (m === '') return m;
    found.push(m);
    return WILDCARD;
  });
}
