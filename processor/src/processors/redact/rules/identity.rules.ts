import { F_CARD_RUN, F_DIGIT4, F_DIGIT_DASH_DIGIT, F_DIGIT3_PUNCT, F_PLUS_DIGIT, F_US_PHONE_END, F_ZERO_NONZERO, K_PHONE, K_SSN } from './features.js';
import { gated, hasAllFeatures, hasFeature, hasKeyword, matches, type PiiRule } from './rule.js';
import { cardGroupingValid, digitsOf, isCardNumber, nanpValid, ssnValid } from './validators.js';

/** 13–19 digits, optionally grouped by one kind of separator, with a real issuer prefix and Luhn. */
export const creditCardRule: PiiRule = {
  name: 'credit-card',
  type: 'CREDIT_CARD',
  pattern: /(?<![\w.,-])\d(?:[ -]?\d){12,18}(?![\w]|[.,-]\d)/g,
  hint: hasAllFeatures(F_DIGIT4 | F_CARD_RUN),
  accept: (value) => cardGroupingValid(value) && isCardNumber(digitsOf(value)),
};

/** SSN with its field name, where separators may be spaces or absent. */
export const ssnContextRule: PiiRule = {
  name: 'ssn-context',
  type: 'SSN',
  pattern: /\b(?:ssn|social[_ -]?security(?:[_ -]?(?:number|num|no))?)\\?["']?(?:\s*[:=#]\s*|\s+)?\\?["']?(\d{3}[ -]?\d{2}[ -]?\d{4})(?![\w-])/dgi,
  groups: [1],
  hint: hasKeyword(K_SSN),
  accept: (value) => ssnValid(digitsOf(value)),
};

/** The dashed `AAA-GG-SSSS` form, valid SSA ranges only. */
export const ssnRule: PiiRule = {
  name: 'ssn',
  type: 'SSN',
  pattern: /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])/g,
  hint: gated(F_DIGIT_DASH_DIGIT, matches(/\d-\d\d-\d/)),
  accept: (value) => ssnValid(digitsOf(value)),
};

/** Digits between 7 and 15 (E.164's maximum), whatever the punctuation. */
function phoneDigitsValid(value: string): boolean {
  const n = digitsOf(value).length;
  return n >= 7 && n <= 15;
}

/** A phone number under a field name (`phone=`, `"mobile": "…"`, `tel:`), any common format. */
export const phoneContextRule: PiiRule = {
  name: 'phone-context',
  type: 'PHONE',
  pattern:
    /\b(?:phone|telephone|tel|mobile|cell|fax|msisdn|phone[_-]?number|phonenumber|contact[_-]?number)\\?["']?\s*[:=]\s*\\?["']?(\+?\(?\d[\d ().-]{5,18}\d)(?![\w]|[.-]\d)/dgi,
  groups: [1],
  hint: hasKeyword(K_PHONE),
  accept: phoneDigitsValid,
};

/** International form with a leading `+`: E.164 and grouped variants (`+44 20 7946 0958`). */
export const phoneIntlRule: PiiRule = {
  name: 'phone-intl',
  type: 'PHONE',
  pattern: /(?<![\w+])\+[1-9]\d{0,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,5}){1,6}(?![\w]|[.-]\d)/g,
  hint: hasFeature(F_PLUS_DIGIT),
  accept: (value) => {
    const digits = digitsOf(value);
    if (digits.length < 8 || digits.length > 15) return false;
    // +1 is NANP: exactly ten national digits with a valid area code and exchange.
    if (value.startsWith('+1')) return digits.length === 11 && nanpValid(digits.slice(1));
    return true;
  },
};

/** North American national formats: `(415) 555-0132`, `415-555-0132`, `415.555.0132`, `1-800-555-0199`. */
export const phoneUsRule: PiiRule = {
  name: 'phone-us',
  type: 'PHONE',
  pattern: /(?<![\w+.-])(?:1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[.-])\d{3}[.-]\d{4}(?![\w]|[.-]\d)/g,
  hint: hasAllFeatures(F_DIGIT3_PUNCT | F_US_PHONE_END),
  accept: (value) => nanpValid(digitsOf(value).slice(-10)),
};

/** National trunk-prefix formats used across Europe and elsewhere: `020 7946 0958`, `07700 900123`, `01 23 45 67 89`. */
export const phoneTrunkRule: PiiRule = {
  name: 'phone-trunk',
  type: 'PHONE',
  pattern: /(?<![\w+.:-])0[1-9](?:\d{1,3}[ -]\d{3,4}[ -]?\d{3,4}|(?:[ .]\d{2}){4})(?![\w]|[.:-]\d)/g,
  hint: gated(F_ZERO_NONZERO, matches(/0[1-9](?:\d{1,3}[ -]\d{3}|[ .]\d\d[ .]\d\d)/)),
  accept: (value) => {
    const n = digitsOf(value).length;
    return n >= 10 && n <= 11;
  },
};
