/**
 * Value generators for the labelled PII corpus: realistic formats as real systems print them,
 * driven by a seeded PRNG so every run produces the same corpus.
 */

import { Rng } from '../../synthetic/lib/prng.js';

/** The project's seeded PRNG (mulberry32), shared with the scenario generator. */
export { Rng };

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_NUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64URL = `${ALNUM}-_`;
const FIRST = ['john', 'maria', 'wei', 'olga', 'ahmed', 'priya', 'lucas', 'chloe', 'kenji', 'fatima', 'sam', 'noah'];
const LAST = ['smith', 'garcia', 'chen', 'ivanova', 'khan', 'patel', 'silva', 'martin', 'tanaka', 'okafor', 'lee'];
const DOMAINS = ['example.com', 'acme-corp.io', 'mail.example.org', 'corp.example.co.uk', 'gmail.com', 'outlook.de', 'uni-example.edu', 'shop.example.net'];

export function email(r: Rng): string {
  const first = r.pick(FIRST);
  const last = r.pick(LAST);
  const local = r.pick([`${first}.${last}`, `${first}${r.int(1, 99)}`, `${first[0] ?? 'x'}${last}`, `${first}+${r.pick(['shop', 'news', 'test'])}`, `${first}_${last}`]);
  const addr = `${local}@${r.pick(DOMAINS)}`;
  return r.chance(0.1) ? addr.toUpperCase() : addr;
}

/** Public-looking or private IPv4 (never loopback or 0.0.0.0: the default config keeps those). */
export function ipv4(r: Rng): string {
  const kind = r.int(0, 3);
  if (kind === 0) return `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
  if (kind === 1) return `192.168.${r.int(0, 255)}.${r.int(1, 254)}`;
  if (kind === 2) return `172.${r.int(16, 31)}.${r.int(0, 255)}.${r.int(1, 254)}`;
  return `${r.pick([8, 23, 34, 45, 52, 66, 81, 91, 104, 151, 185, 198, 203, 212])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}

/** IPv6 the way inet_ntop prints it (longest zero run compressed), plus mapped and full forms. */
export function ipv6(r: Rng): string {
  const style = r.int(0, 4);
  if (style === 0) return `::ffff:${ipv4(r)}`;
  const groups = Array.from({ length: 8 }, () => r.int(0, 0xffff).toString(16));
  groups[0] = r.pick(['2001', '2a02', '2600', 'fe80', 'fd12', '2406']);
  if (style === 1) groups[1] = 'db8';
  if (style <= 3) {
    const start = r.int(1, 5);
    const len = r.int(2, 7 - start);
    for (let i = start; i < start + len; i++) groups[i] = '0';
  }
  const full = groups.join(':');
  const text = style === 4 ? full : full.replace(/(^|:)0(?::0)+(?::|$)/, '::');
  return r.chance(0.15) ? text.toUpperCase() : text;
}

function luhnDigit(partial: string): string {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Card numbers of the major networks with a correct Luhn digit, printed plain, spaced or dashed. */
export function creditCard(r: Rng): string {
  const [prefix, length] = r.pick([['4', 16], ['51', 16], ['55', 16], [`2${r.int(221, 720)}`, 16], ['34', 15], ['37', 15], ['6011', 16], [`35${r.int(28, 89)}`, 16], ['4', 13]] as const);
  const body = prefix + r.digits(length - prefix.length - 1);
  const pan = body + luhnDigit(body);
  const sep = r.pick(['', ' ', '-']);
  if (sep === '' || length === 13) return pan;
  if (length === 15) return [pan.slice(0, 4), pan.slice(4, 10), pan.slice(10)].join(sep);
  return pan.match(/.{4}/g)?.join(sep) ?? pan;
}

/** A 16-digit number starting like a Visa but failing Luhn: order ids, transaction refs. */
export function luhnFailing(r: Rng): string {
  const body = `4${r.digits(14)}`;
  return body + String((Number(luhnDigit(body)) + r.int(1, 9)) % 10);
}

export function ssn(r: Rng): string {
  const area = String(r.pick([r.int(1, 665), r.int(667, 899)])).padStart(3, '0');
  return `${area}-${String(r.int(1, 99)).padStart(2, '0')}-${String(r.int(1, 9999)).padStart(4, '0')}`;
}

export function phone(r: Rng): string {
  const area = `${r.int(2, 9)}${r.digits(2)}`;
  const exch = `${r.int(2, 9)}${r.digits(2)}`;
  const line = r.digits(4);
  return r.pick([
    `+1${area}${exch}${line}`,
    `+1 ${area}-${exch}-${line}`,
    `+1 (${area}) ${exch}-${line}`,
    `(${area}) ${exch}-${line}`,
    `${area}-${exch}-${line}`,
    `${area}.${exch}.${line}`,
    `1-${area}-${exch}-${line}`,
    `+44 20 ${r.int(7000, 8999)} ${r.digits(4)}`,
    `+44 7${r.digits(3)} ${r.digits(6)}`,
    `+49 30 ${r.digits(8)}`,
    `+33 ${r.int(1, 9)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
    `+91 ${r.int(7, 9)}${r.digits(4)} ${r.digits(5)}`,
    `+81 3-${r.digits(4)}-${r.digits(4)}`,
    `+61 4${r.digits(2)} ${r.digits(3)} ${r.digits(3)}`,
    `020 ${r.int(7000, 8999)} ${r.digits(4)}`,
    `07${r.digits(3)} ${r.digits(6)}`,
  ]);
}

function b64url(json: string): string {
  return Buffer.from(json).toString('base64url');
}

export function jwt(r: Rng): string {
  const header = b64url(JSON.stringify({ alg: r.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' }));
  const claims = { sub: String(r.int(1000, 99999)), iat: r.int(1.6e9, 1.8e9), ...(r.chance(0.5) ? { email: email(r) } : {}) };
  return `${header}.${b64url(JSON.stringify(claims))}.${r.chars(B64URL, r.pick([43, 86, 342]))}`;
}

/** Vendor tokens by their documented prefixes, and opaque random API tokens. */
export function token(r: Rng): string {
  return r.pick([
    () => `ghp_${r.chars(ALNUM, 36)}`,
    () => `github_pat_${r.chars(ALNUM, 22)}_${r.chars(ALNUM, 59)}`,
    () => `xoxb-${r.digits(12)}-${r.digits(13)}-${r.chars(ALNUM, 24)}`,
    () => `xoxp-${r.digits(12)}-${r.digits(12)}-${r.digits(13)}-${r.hex(32)}`,
    () => `sk-${r.chars(ALNUM, 48)}`,
    () => `sk-proj-${r.chars(B64URL, 64)}`,
    () => `sk_live_${r.chars(ALNUM, 24)}`,
    () => `glpat-${r.chars(B64URL, 20)}`,
    () => `AIza${r.chars(B64URL, 35)}`,
    () => `npm_${r.chars(ALNUM, 36)}`,
    () => r.chars(ALNUM, r.pick([24, 32, 40])),
    () => r.hex(32),
  ])();
}

export function awsAccessKey(r: Rng): string {
  return `${r.pick(['AKIA', 'ASIA'])}${r.chars(UPPER_NUM, 16)}`;
}

export function awsSecretKey(r: Rng): string {
  return r.chars(`${ALNUM}/+`, 40);
}

/** A PEM private key block; `newline` is `\n` for multi-line events or `\\n` inside JSON strings. */
export function privateKey(r: Rng, newline: string): string {
  const kind = r.pick(['RSA ', 'EC ', 'OPENSSH ', '', 'ENCRYPTED ']);
  const lines = Array.from({ length: r.int(3, 8) }, () => r.chars(`${ALNUM}+/`, 64));
  return [`-----BEGIN ${kind}PRIVATE KEY-----`, ...lines, `${r.chars(`${ALNUM}+/`, r.int(4, 60))}==`, `-----END ${kind}PRIVATE KEY-----`].join(newline);
}

/** Passwords as users pick them; `safe` leaves out what would need quoting in key=value text. */
export function password(r: Rng, safe = true): string {
  const symbols = safe ? '!@#$%^*_-.~+' : '!@#$%^*_-.~+ ,;&';
  const style = r.int(0, 3);
  if (style === 0) return `${r.pick(['Summer', 'Winter', 'Hunter', 'Dragon', 'Welcome'])}${r.int(1, 2025)}${r.chars(symbols, 1)}`;
  if (style === 1) return r.chars(ALNUM + symbols, r.int(8, 24));
  if (style === 2) return `${r.pick(FIRST)}${r.digits(3)}`;
  return r.chars(ALNUM, r.int(12, 32));
}

/** Percent-encodes what a URL userinfo cannot carry raw, as clients do. */
export function urlPassword(r: Rng): string {
  return encodeURIComponent(password(r)).replace(/[!*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
