import {
  F_AWS_PREFIX,
  F_JWT_START,
  F_UPPER_KEY,
  F_VENDOR,
  F_XML_CLOSE,
  K_BEARER,
  K_DASH_PASS,
  K_KEY_TOKEN,
  K_PASS,
  K_PASS_PWD,
  K_SECRET,
  K_SESSION,
} from './features.js';
import { anyOf, gated, hasFeature, hasKeyword, matches, type PiiRule } from './rule.js';
import { looksLikeSecret } from './validators.js';

/**
 * PEM private keys, whole block. When the END line is missing (an event cut by the multi-line
 * joiner or a truncated field) everything that still looks like key material goes too.
 */
export const privateKeyRule: PiiRule = {
  name: 'pem-private-key',
  type: 'PRIVATE_KEY',
  pattern:
    /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END \1PRIVATE KEY(?: BLOCK)?-----|(?:[A-Za-z0-9+/=:,\s-]|\\[nr])*[A-Za-z0-9+/=])/g,
  hint: gated(F_UPPER_KEY, anyOf('PRIVATE KEY')),
};

/** Three base64url segments whose first two decode to JSON objects (`eyJ` is `{"`). */
export const jwtRule: PiiRule = {
  name: 'jwt',
  type: 'JWT',
  pattern: /(?<![\w-])eyJ[A-Za-z0-9_-]{6,}\.eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g,
  hint: hasFeature(F_JWT_START),
};

export const awsAccessKeyRule: PiiRule = {
  name: 'aws-access-key-id',
  type: 'AWS_KEY',
  pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  hint: gated(F_AWS_PREFIX, matches(/A(?:KI|SI|GP|ID|RO|IP|NP|NV|BI|CC)A/)),
};

/** The 40-character secret key only counts in a key=value form: alone it is indistinguishable from any base64. */
export const awsSecretKeyRule: PiiRule = {
  name: 'aws-secret-key',
  type: 'AWS_KEY',
  pattern:
    /(?<![\w-])(?:aws[_.-]?)?secret[_.-]?(?:access[_.-]?)?key\\?["']?\s*[:=]\s*\\?["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/dgi,
  groups: [1],
  hint: hasKeyword(K_SECRET),
};

/** Vendor tokens recognisable by their documented prefixes. */
export const vendorTokenRule: PiiRule = {
  name: 'vendor-token',
  type: 'TOKEN',
  pattern:
    /(?<![\w-])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk-(?:proj-|ant-(?:api\d\d-)?|live-|test-)?[A-Za-z0-9_-]{20,}|[rsp]k_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36}|hf_[A-Za-z0-9]{30,}|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}|dop_v1_[a-f0-9]{64}|shpat_[a-fA-F0-9]{32})(?![\w-])/g,
  hint: gated(F_VENDOR, matches(/gh[pousr]_|github_pat_|glpat-|xox[abposr]-|sk-|k_live_|k_test_|AIza|npm_|hf_|SG\.|dop_v1_|shpat_/)),
  // `sk-` also starts ordinary hyphenated names; real keys always mix in digits.
  accept: (value) => !value.startsWith('sk-') || /\d/.test(value),
};

/** `Authorization: Bearer …`, `Authorization: Basic …`, and a bare `bearer …` anywhere. */
export const bearerTokenRule: PiiRule = {
  name: 'bearer-token',
  type: 'TOKEN',
  pattern:
    /(?:\bauthorization\\?["']?\s*[:=]\s*\\?["']?(?:(?:bearer|basic|token|digest|apikey|sso-key)\s+)?|\bbearer\s+)([A-Za-z0-9._~+/-]+=*)/dgi,
  groups: [1],
  hint: hasKeyword(K_BEARER),
  accept: (value) => value.length >= 16 || looksLikeSecret(value),
};

/**
 * `api_key=…`, `"access_token": "…"`, `X-Api-Key: …`. Pagination cursors (`page_token`,
 * `next_token`) are deliberately excluded: they are opaque but grant nothing.
 */
export const keyValueTokenRule: PiiRule = {
  name: 'key-value-token',
  type: 'TOKEN',
  pattern:
    /(?<![\w-])(?!(?:next[_-]?)?page[_-]?token|next[_-]?token|continuation[_-]?token|sync[_-]?token)(?:[\w-]*[_-])?(?:api[_-]?key|apikey|access[_-]?token|auth[_-]?token|refresh[_-]?token|id[_-]?token|session[_-]?token|bearer[_-]?token|client[_-]?secret|api[_-]?secret|app[_-]?secret|secret[_-]?key|private[_-]?token|token|secret)\\?["']?\s*[:=]\s*\\?["']?([A-Za-z0-9._~+/-]+=*)/dgi,
  groups: [1],
  hint: hasKeyword(K_KEY_TOKEN),
  accept: (value) => looksLikeSecret(value),
};

/** Values that say "no password here" rather than being one (MySQL prints `using password: YES`). */
const NOT_A_PASSWORD = /^(?:null|none|nil|undefined|true|false|yes|no|empty|\*+|x+|<[^>]*>|\[[A-Z_]+\]|\$\{[^}]*\}|%s|\{\{[^}]*\}\})$/i;

/**
 * `password=…`, `"password": "…"`, `passwd: …`, `pwd=…` and prefixed keys (`db_password`,
 * `PGPASSWORD`, `spring.datasource.password`). The key is kept, the value redacted.
 */
export const passwordPairRule: PiiRule = {
  name: 'password-pair',
  type: 'PASSWORD',
  pattern:
    /(?<![\w./-])((?:[\w.-]*?(?:password|passwd|passphrase)|(?:[\w.-]*[_.-])?(?:pwd|pass|pw)))\\?["']?\s*(=>|[:=])\s*(?:\\"((?:[^"\\]|\\[^"])*)\\"|"((?:[^"\\\r\n]|\\.)*)"|'([^'\r\n]*)'|([^\s,;&"'<>{}()[\]\\]+))/dgi,
  groups: [3, 4, 5, 6],
  hint: hasKeyword(K_PASS),
  accept: (value, _text, _start, match) => {
    if (value.length === 0 || NOT_A_PASSWORD.test(value)) return false;
    const key = (match[1] ?? '').toLowerCase();
    // `PWD=/home/bob` in sudo and shell logs is the working directory.
    if (key.endsWith('pwd') && value.startsWith('/')) return false;
    // Unquoted after a colon, a value holding `=` is the next pair of a sentence, not a password.
    return !(match[2] === ':' && match[6] !== undefined && value.includes('='));
  },
};

/** `<password>…</password>` in XML payloads and config dumps (SOAP, Maven settings, Tomcat users). */
export const xmlPasswordRule: PiiRule = {
  name: 'xml-password',
  type: 'PASSWORD',
  pattern: /<([\w:.-]*(?:password|passwd|pwd))>([^<]+)<\/\1>/dgi,
  groups: [2],
  // The closing tag is required by the pattern.
  hint: ({ keywords, features }) => (keywords & K_PASS_PWD) !== 0 && (features & F_XML_CLOSE) !== 0,
  accept: (value) => !NOT_A_PASSWORD.test(value),
};

/** Command lines echoed into logs: `--password S3cret`, `--db-password=…` is handled by the pair rule. */
export const cliPasswordRule: PiiRule = {
  name: 'cli-password',
  type: 'PASSWORD',
  pattern: /(?<!\S)--?(?:[\w-]*-)?(?:password|passwd|pass)\s+(?!-)([^\s'"]+|"[^"]*"|'[^']*')/dgi,
  groups: [1],
  hint: hasKeyword(K_DASH_PASS),
  accept: (value) => !NOT_A_PASSWORD.test(value.replace(/^["']|["']$/g, '')),
};

/**
 * Session ids (`JSESSIONID=…`, `"sessionId":"…"`). Opt-in (config `sessionIds`): they are bearer
 * credentials while the session lives, but detectors also use them as session keys.
 */
export const sessionIdRule: PiiRule = {
  name: 'session-id',
  type: 'TOKEN',
  pattern: /(?<![\w-])(?:[\w-]*[_-])?(?:session[_-]?id|jsessionid|phpsessid|sid)\\?["']?\s*[:=]\s*\\?["']?([A-Za-z0-9._~+/-]+=*)/dgi,
  groups: [1],
  hint: hasKeyword(K_SESSION),
  accept: (value) => looksLikeSecret(value),
};
