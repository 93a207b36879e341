import { describe, expect, it } from 'vitest';
import { Rng } from '../../../synthetic/lib/prng.js';
import { generatePiiCorpus } from '../pii-corpus.js';
import { KEYWORD_LIST, keywordFeatures, textFeatures } from './features.js';
import { DEFAULT_RULES, OPTIONAL_RULES, type PiiRule } from './index.js';
import { anyOf, anyOfIgnoreCase, matches, scanInput, type ScanInput } from './rule.js';

/**
 * The probes each rule ran before the shared feature bits existed. A rule's new hint must never
 * pass where its old probe failed (it would then redact more), and must pass wherever the old
 * probe passed (else it could skip real PII); hints that also check a condition of their pattern
 * may fail only where the pattern cannot match.
 */
const ORIGINAL_HINTS: Record<string, (input: ScanInput) => boolean> = {
  'pem-private-key': anyOf('PRIVATE KEY'),
  jwt: anyOf('eyJ'),
  'url-password': anyOf('://'),
  'aws-access-key-id': matches(/A(?:KI|SI|GP|ID|RO|IP|NP|NV|BI|CC)A/),
  'aws-secret-key': anyOfIgnoreCase('secret'),
  'vendor-token': matches(/gh[pousr]_|github_pat_|glpat-|xox[abposr]-|sk-|k_live_|k_test_|AIza|npm_|hf_|SG\.|dop_v1_|shpat_/),
  'bearer-token': anyOfIgnoreCase('bearer', 'authorization'),
  'key-value-token': anyOfIgnoreCase('key', 'token', 'secret'),
  'password-pair': anyOfIgnoreCase('pass', 'pwd', 'pw'),
  'xml-password': anyOfIgnoreCase('pass', 'pwd'),
  'cli-password': anyOfIgnoreCase('-pass'),
  email: anyOf('@', '%40'),
  'credit-card': matches(/\d{4}/),
  'ssn-context': anyOfIgnoreCase('ssn', 'social'),
  ssn: matches(/\d-\d\d-\d/),
  ipv6: matches(/::|(?:[0-9A-Fa-f]{1,4}:){6}/),
  ipv4: matches(/\d\.\d/),
  'phone-context': anyOfIgnoreCase('phone', 'tel', 'mobile', 'cell', 'fax', 'msisdn', 'contact'),
  'phone-intl': matches(/\+\d/),
  'phone-us': matches(/\d{3}[.)-]/),
  'phone-trunk': matches(/0[1-9](?:\d{1,3}[ -]\d{3}|[ .]\d\d[ .]\d\d)/),
  'session-id': anyOfIgnoreCase('sessid', 'session', 'sid'),
};

const RULES: readonly PiiRule[] = [...DEFAULT_RULES, OPTIONAL_RULES.sessionIds];

/** Rules whose hint adds a condition of the pattern; every other hint must equal its old probe. */
const PATTERN_GATED = new Set(['credit-card', 'ipv4', 'phone-us', 'phone-trunk', 'xml-password']);

function canMatch(rule: PiiRule, text: string): boolean {
  return new RegExp(rule.pattern.source, rule.pattern.flags.replace(/[gd]/g, '')).test(text);
}

/** Seeded (the generator's mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

// Pieces of every keyword and probe, their case variants, separators, and non-ASCII letters that
// lower-case to ASCII (Kelvin sign → k) or to two characters (İ), and non-ASCII digits.
const WORDS = ['ssn', 'SSN', 'Social', 'phone', 'TEL', 'mobile', 'Cell', 'fax', 'msisdn', 'contact', 'secret', 'SECRET', 'bearer', 'Authorization', 'key', 'KEY', 'token', 'ToKeN', 'pass', 'PASS', 'pwd', 'Pw', '-pass', '-PASS', 'sessid', 'session', 'SID', 'PRIVATE KEY', 'PRIVATE', 'eyJ', 'ey', 'AKIA', 'ASIA', 'AIza', 'SG.', 'sk-', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'glpat-', 'xoxb-', 'xoxa-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-', 'npm_', 'hf_', 'k_live_', 'k_test_', 'dop_v1_', 'shpat_', 'sk-proj-', '%40', '%4', '://', ':/', '</', '<', '>', '::', '\u212Aey', 'S\u0130D', '\u0130', '\u0660\u0661', '\uff14\uff11', 'é', 'A', 'K', 'I', 'E', 'Y', 'J', 'G', 'S', 'a', 'z', 'e', 'y', 'k', 's', 't', 'p', 'w'];
const SYMBOLS = [' ', '-', '.', ')', '(', '+', ':', '/', '@', '%', '_', '=', '"', ',', '\\', '\n', '0', '1', '4', '5', '9'];
const NUMERIC = ['0', '1', '020', '07700', 'x', '+', '_', '2', '3', '4', '5', '7', '9', ' ', '-', '.', ')', '(', '+', ':', '0', '1', '4111', '555', '0132', '.', 'a', 'f', '::'];

function fuzz(count: number, seed: number): string[] {
  const r = rng(seed);
  const pick = (xs: readonly string[]): string => xs[Math.floor(r() * xs.length)] ?? '';
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const numeric = r() < 0.5;
    const n = 1 + Math.floor(r() * (numeric ? 40 : 14));
    let s = '';
    for (let j = 0; j < n; j++) s += numeric ? pick(NUMERIC) : pick(r() < 0.5 ? WORDS : SYMBOLS);
    out.push(s);
  }
  return out;
}

const HAND_PICKED = [
  '4111 1111 1111 1111 and 4111-1111-1111-1111, 378282246310005, 41 11 11 11 11 11 11 1',
  'ip 1.2.3.4, 10.0.0.1:80, v1.2.3 and 1.2.3.4.5, 1..2.3.4',
  'call (415) 555-0132 or 415.555.0132, 1-800-555-0199, 123-4567, 12.1234',
  '+44 20 7946 0958, 020 7946 0958, 01 23 45 67 89',
  'mail a@b.co or a%40b.co; jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sig',
  'AKIAIOSFODNN7EXAMPLE AIzaSyA-0123456789abcdefghijklmnopqrstu SG.abcdefghijklmnop.abcdefghijklmnop',
  '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY----- <password>hunter2</password>',
  'tel: 555 123 4567, Mobile=+1 415 555 0132, contact_number: 020 7946 0958, ssn 078-05-1120',
  'six groups 1:22:333:4444:a:B: then',
  'peer ::1 fe80::1 1:2:3:4:5:6:7:8 https://u:p@h.example.com secretel passwd --PASS x \u212Aey=Zx81kQp02LmNvB7s',
];

function checkHints(texts: readonly string[]): string[] {
  const failures: string[] = [];
  for (const text of texts) {
    const input = scanInput(text);
    for (const rule of RULES) {
      const original = ORIGINAL_HINTS[rule.name];
      if (original === undefined) {
        failures.push(`no original hint recorded for ${rule.name}`);
        continue;
      }
      const was = original(input);
      const now = rule.hint(input);
      if (now && !was) failures.push(`${rule.name} passes where its probe failed: ${JSON.stringify(text)}`);
      if (was && !now && (!PATTERN_GATED.has(rule.name) || canMatch(rule, text))) failures.push(`${rule.name} skipped a line its probe passes: ${JSON.stringify(text)}`);
      if (failures.length > 10) return failures;
    }
  }
  return failures;
}

describe('rule hints from the shared feature bits', () => {
  it('cover every rule', () => {
    expect(RULES.map((r) => r.name).sort()).toEqual(Object.keys(ORIGINAL_HINTS).sort());
  });

  it('agree with the original probes wherever a pattern can match (hand-picked lines)', () => {
    expect(checkHints(HAND_PICKED)).toEqual([]);
  });

  it('agree with the original probes wherever a pattern can match (labelled corpus)', () => {
    expect(checkHints(generatePiiCorpus({ lines: 3000, seed: 11 }).map((l) => l.text))).toEqual([]);
  });

  it('agree with the original probes wherever a pattern can match (random lines)', () => {
    expect(checkHints(fuzz(20_000, 1))).toEqual([]);
  });

  it('see digits, dots and separators across a whole line', () => {
    expect(textFeatures('x 4111 1111 1111 1111')).not.toBe(textFeatures('x 4111 1111 1111'));
    expect(textFeatures('')).toBe(0);
  });

  it('find every keyword alone, in any position', () => {
    for (const word of KEYWORD_LIST) {
      expect(keywordFeatures(word), word).not.toBe(0);
      expect(keywordFeatures(`x.${word}=1`), word).toBe(keywordFeatures(word));
    }
  });
});
