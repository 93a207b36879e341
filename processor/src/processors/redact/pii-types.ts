/** Every kind of PII the redactor knows, in the order their placeholders are documented. */
export const PII_TYPES = [
  'EMAIL',
  'IP',
  'CREDIT_CARD',
  'SSN',
  'PHONE',
  'JWT',
  'TOKEN',
  'AWS_KEY',
  'PRIVATE_KEY',
  'PASSWORD',
] as const;

export type PiiType = (typeof PII_TYPES)[number];

/** One piece of PII found in a text: `[start, end)` are offsets into the original text. */
export interface PiiFinding {
  readonly type: PiiType;
  readonly start: number;
  readonly end: number;
  /** Name of the rule that matched, for debugging and per-rule statistics. */
  readonly rule: string;
}

/** The typed placeholder that replaces a finding, e.g. `[EMAIL]`. */
export function placeholder(type: PiiType): string {
  return `[${type}]`;
}

/** A zeroed counter for every type, so consumers never see a missing key. */
export function emptyCounts(): Record<PiiType, number> {
  // A literal (one per record, on the hot path) gets one fixed object shape; keys in PII_TYPES order.
  return { EMAIL: 0, IP: 0, CREDIT_CARD: 0, SSN: 0, PHONE: 0, JWT: 0, TOKEN: 0, AWS_KEY: 0, PRIVATE_KEY: 0, PASSWORD: 0 };
}
