import type { Rng } from './prng.js';

/**
 * Realistic-looking values for log parameters. The PII here (emails, client IPs, card numbers)
 * is deliberate: the redaction stage has to find and remove it. Card numbers are public test PANs.
 */
const FIRST = ['alice', 'bob', 'carol', 'dmitri', 'emma', 'farid', 'grace', 'hiro', 'ines', 'jonas', 'kemal', 'lena', 'maria', 'noah', 'olga', 'pedro', 'qi', 'rosa', 'sven', 'tara'];
const LAST = ['smith', 'nguyen', 'garcia', 'muller', 'rossi', 'kowalski', 'tanaka', 'silva', 'dubois', 'jensen', 'okafor', 'novak', 'haddad', 'lindqvist'];
const DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'proton.me', 'example.org', 'web.de', 'icloud.com'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'okhttp/4.12.0',
  'shop-ios/3.14.1 CFNetwork/1498.700.2 Darwin/23.6.0',
  'python-requests/2.32.3',
];
/** Public test card numbers (Stripe/Visa/Mastercard test PANs): realistic but never real. */
export const TEST_CARDS = ['4242424242424242', '4111111111111111', '5555555555554444', '4000056655665556', '378282246310005'];
export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK'];

export function email(rng: Rng): string {
  const sep = rng.pick(['.', '_', '']);
  const num = rng.chance(0.3) ? String(rng.int(1, 99)) : '';
  return `${rng.pick(FIRST)}${sep}${rng.pick(LAST)}${num}@${rng.pick(DOMAINS)}`;
}

export function publicIp(rng: Rng): string {
  return `${rng.pick([31, 62, 78, 81, 93, 109, 145, 176, 185, 203])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

export function privateIp(rng: Rng): string {
  return `10.0.${rng.int(0, 15)}.${rng.int(2, 250)}`;
}

export function userAgent(rng: Rng): string {
  return rng.pick(AGENTS);
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Two hex digits per byte value: `Number#toString(16)` is slow on the generator's hot path. */
const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex; one PRNG draw per 8 digits (ids are the bulk of the generator's work). */
export function hex(rng: Rng, length: number): string {
  let s = '';
  while (s.length < length) {
    const x = Math.floor(rng.next() * 4294967296);
    s += `${HEX_BYTE[x & 255]}${HEX_BYTE[(x >>> 8) & 255]}${HEX_BYTE[(x >>> 16) & 255]}${HEX_BYTE[x >>> 24]}`;
  }
  return s.length === length ? s : s.slice(0, length);
}

/** Base-62 characters; one PRNG draw per 5 characters (62^5 < 2^32). */
export function alnum(rng: Rng, length: number): string {
  let s = '';
  while (s.length < length) {
    let x = Math.floor(rng.next() * 916132832);
    for (let i = 0; i < 5 && s.length < length; i++) {
      s += ALNUM[x % 62];
      x = Math.floor(x / 62);
    }
  }
  return s;
}

export function uuid(rng: Rng): string {
  return `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${rng.pick(['8', '9', 'a', 'b'])}${hex(rng, 3)}-${hex(rng, 12)}`;
}

/** Order ids are sequential-ish numbers, as a database sequence would hand out. */
export function orderId(rng: Rng): number {
  return rng.int(180_000, 260_000);
}

export function sku(rng: Rng): string {
  return `SKU-${rng.pick(['TS', 'MG', 'HD', 'BK', 'SH', 'KB'])}-${rng.int(1000, 9999)}`;
}

/** Money amount with a long-tailed distribution, two decimals. */
export function amount(rng: Rng): string {
  return rng.logNormal(38, 0.9).toFixed(2);
}

export function last4(rng: Rng): string {
  return String(rng.int(0, 9999)).padStart(4, '0');
}

/** A latency in ms: log-normal around `median`, scaled by `scale` (the latency-shift incident). */
export function latencyMs(rng: Rng, median: number, scale = 1, sigma = 0.45): number {
  return rng.logNormal(median * scale, sigma);
}
