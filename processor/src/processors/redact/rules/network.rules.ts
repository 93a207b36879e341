import { isIPv6 } from 'node:net';
import { F_DIGIT_DOT_DIGIT, F_DOTTED3, F_EMAIL_AT, F_IPV6_COLONS, F_SCHEME } from './features.js';
import { gated, hasAllFeatures, hasFeature, matches, type PiiRule } from './rule.js';
import { ipv4Valid } from './validators.js';

/** `scheme://user:password@host`: only the password is redacted, the URL keeps its shape. */
export const urlPasswordRule: PiiRule = {
  name: 'url-password',
  type: 'PASSWORD',
  pattern: /\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}:\/\/[^\s:/?#@"'[\]]*:([^\s@/?#"']+)@(?=[\w[.-])/dg,
  groups: [1],
  hint: hasFeature(F_SCHEME),
};

export const emailRule: PiiRule = {
  name: 'email',
  type: 'EMAIL',
  pattern:
    /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?(?:@|%40)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-]|:[\w.~-]*\/)/g,
  // `%40`: access logs print query strings percent-encoded. `git@github.com:org/repo` is scp
  // syntax for a service account, not a mailbox.
  hint: hasFeature(F_EMAIL_AT),
};

/**
 * A dotted quad right after a product token, a version keyword or a `~` (Windows package
 * identities `name~arch~~6.1.1.0`) is a version (`Chrome/1.2.3.4`, `version 10.0.0.1`), not an address.
 */
const VERSION_CONTEXT = /(?:\bv|\bver|\bversion|\bbuild|\brelease|\bfirmware|\bfw|[A-Za-z]\/|~)[\s:=#"']*$/i;

/** `upgraded from 8.9.0.73 to 8.9.1.2`: the endpoints of an upgrade or downgrade are versions. */
const UPGRADE_CONTEXT = /\b(?:up|down)grad\w*(?:\s+[A-Za-z][\w-]*){0,3}\s+(?:from\s+|(?:from\s+\S+\s+)?to\s+)$/i;

/** `1.2.3.4-1ubuntu2`, `1.2.3.4-2+deb12u1`, `1.2.3.4-1.el9`: a Debian/RPM package revision follows a version. */
const PACKAGE_REVISION = /^-\d+(?:[a-z~+]|\.el\d)/i;

export const ipv4Rule: PiiRule = {
  name: 'ipv4',
  type: 'IP',
  pattern: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g,
  hint: hasAllFeatures(F_DIGIT_DOT_DIGIT | F_DOTTED3),
  accept: (value, text, start) =>
    ipv4Valid(value) &&
    !VERSION_CONTEXT.test(text.slice(Math.max(0, start - 16), start)) &&
    !UPGRADE_CONTEXT.test(text.slice(Math.max(0, start - 72), start)) &&
    !PACKAGE_REVISION.test(text.slice(start + value.length, start + value.length + 12)),
};

/**
 * IPv6 candidates are loose on purpose (compressed forms, IPv4-mapped tails, zone ids stay
 * outside) and validated by Node's own parser, which rejects clock times and MAC addresses.
 */
export const ipv6Rule: PiiRule = {
  name: 'ipv6',
  type: 'IP',
  pattern: /(?<![\w:.])(?=[0-9A-Fa-f:]*:[0-9A-Fa-f]*:)[0-9A-Fa-f:]{2,39}(?:(?<=:)\d{1,3}(?:\.\d{1,3}){3})?(?![\w:]|\.\d)/g,
  // Compressed forms contain `::`; uncompressed ones at least six colons (clock times have two, MACs five).
  hint: gated(F_IPV6_COLONS, matches(/::|(?:[0-9A-Fa-f]{1,4}:){6}/)),
  accept: (value) => value !== '::' && isIPv6(value),
};
