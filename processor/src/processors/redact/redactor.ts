import { ConfigError } from '../../domain/errors.js';
import { AllowList } from './allow-list.js';
import { emptyCounts, placeholder, type PiiFinding, type PiiType } from './pii-types.js';
import { redactConfigSchema, type RedactConfig, type RedactConfigInput } from './redact.config.js';
import { DEFAULT_RULES, OPTIONAL_RULES, type PiiRule } from './rules/index.js';
import { scanInput } from './rules/rule.js';

/** Output of {@link Redactor.redact}. */
export interface RedactResult {
  readonly text: string;
  readonly counts: Record<PiiType, number>;
}

interface Claim {
  readonly start: number;
  readonly end: number;
}

function overlapsAny(claims: readonly Claim[], start: number, end: number): boolean {
  for (const c of claims) if (start < c.end && c.start < end) return true;
  return false;
}

/** Offsets of the value inside a match: the first listed group that participated, else the match. */
function valueSpan(rule: PiiRule, match: RegExpExecArray): [number, number] | null {
  if (rule.groups === undefined) return [match.index, match.index + match[0].length];
  for (const g of rule.groups) {
    const span = match.indices?.[g];
    if (span !== undefined) return span;
  }
  return null;
}

function parseConfig(input: RedactConfigInput): RedactConfig {
  const parsed = redactConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((i) => `redact.${i.path.join('.')}: ${i.message}`));
}

/**
 * Finds structured PII in log text and replaces it with typed placeholders (`[EMAIL]`, `[IP]`, …).
 * Stateless after construction, so one instance can serve every stage and worker.
 */
export class Redactor {
  readonly config: RedactConfig;
  private readonly rules: readonly PiiRule[];
  private readonly allowList: AllowList;

  /** @throws ConfigError when the configuration (including allow-list entries) is invalid. */
  constructor(config: RedactConfigInput = {}) {
    this.config = parseConfig(config);
    const enabled = new Set<PiiType>(this.config.types);
    const all = [...DEFAULT_RULES];
    // The optional session-id rule ranks with the key=value token rule it extends.
    if (this.config.sessionIds) all.splice(all.findIndex((r) => r.name === 'key-value-token') + 1, 0, OPTIONAL_RULES.sessionIds);
    this.rules = all.filter((r) => enabled.has(r.type));
    this.allowList = new AllowList(this.config.allow);
  }

  /** PII spans in `text` (original offsets, sorted, non-overlapping), allow-listed values excluded. */
  scan(text: string): PiiFinding[] {
    const input = scanInput(text);
    const claims: Claim[] = [];
    const findings: PiiFinding[] = [];
    for (const rule of this.rules) {
      if (!rule.hint(input)) continue;
      this.applyRule(rule, text, claims, findings);
    }
    return findings.sort((a, b) => a.start - b.start);
  }

  private applyRule(rule: PiiRule, text: string, claims: Claim[], findings: PiiFinding[]): void {
    // Rule regexes are shared module state; safe because a scan runs to completion synchronously.
    const re = rule.pattern;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) re.lastIndex++;
      const span = valueSpan(rule, m);
      if (span === null || span[1] <= span[0]) continue;
      const [start, end] = span;
      if (overlapsAny(claims, start, end)) continue;
      const value = text.slice(start, end);
      if (rule.accept && !rule.accept(value, text, start, m)) continue;
      // A kept value still claims its span, so a weaker rule cannot redact part of it.
      claims.push({ start, end });
      if (!this.allowList.keeps(rule.type, value)) findings.push({ type: rule.type, start, end, rule: rule.name });
    }
  }

  /** Replaces every finding with its placeholder. Text without PII comes back as the same string. */
  redact(text: string): RedactResult {
    const counts = emptyCounts();
    const findings = this.scan(text);
    if (findings.length === 0) return { text, counts };
    return { text: applyFindings(text, findings, counts), counts };
  }
}

/** Builds the redacted text from sorted, non-overlapping findings, counting them per type. */
export function applyFindings(text: string, findings: readonly PiiFinding[], counts?: Record<PiiType, number>): string {
  let out = '';
  let cursor = 0;
  for (const f of findings) {
    out += text.slice(cursor, f.start) + placeholder(f.type);
    cursor = f.end;
    if (counts) counts[f.type]++;
  }
  return out + text.slice(cursor);
}
