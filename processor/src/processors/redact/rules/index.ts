import type { PiiRule } from './rule.js';
import { creditCardRule, phoneContextRule, phoneIntlRule, phoneTrunkRule, phoneUsRule, ssnContextRule, ssnRule } from './identity.rules.js';
import { emailRule, ipv4Rule, ipv6Rule, urlPasswordRule } from './network.rules.js';
import {
  awsAccessKeyRule,
  awsSecretKeyRule,
  bearerTokenRule,
  cliPasswordRule,
  jwtRule,
  keyValueTokenRule,
  passwordPairRule,
  privateKeyRule,
  sessionIdRule,
  vendorTokenRule,
  xmlPasswordRule,
} from './secret.rules.js';

export type { PiiRule, ScanInput } from './rule.js';

/**
 * All rules in priority order: a span claimed by an earlier rule cannot be claimed by a later
 * one. Specific, self-validating shapes (PEM, JWT, vendor prefixes) come before generic
 * key=value rules, and loose numeric shapes (phones) come last.
 */
export const DEFAULT_RULES: readonly PiiRule[] = [
  privateKeyRule,
  jwtRule,
  urlPasswordRule,
  awsAccessKeyRule,
  awsSecretKeyRule,
  vendorTokenRule,
  bearerTokenRule,
  keyValueTokenRule,
  passwordPairRule,
  xmlPasswordRule,
  cliPasswordRule,
  emailRule,
  creditCardRule,
  ssnContextRule,
  ssnRule,
  ipv6Rule,
  ipv4Rule,
  phoneContextRule,
  phoneIntlRule,
  phoneUsRule,
  phoneTrunkRule,
];

/** Rules that only run when switched on in the config. */
export const OPTIONAL_RULES = { sessionIds: sessionIdRule } as const;
