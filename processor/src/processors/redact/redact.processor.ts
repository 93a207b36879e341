import type { Stage } from '../../domain/errors.js';
import type { AttributeValue } from '../../domain/log-record.js';
import type { Batch, PipelineRecord, Processor } from '../../pipeline/stage.js';
import { emptyCounts, PII_TYPES, placeholder, type PiiFinding, type PiiType } from './pii-types.js';
import type { RedactConfigInput } from './redact.config.js';
import { applyFindings, Redactor } from './redactor.js';

const SAMPLE_LIMIT = 200;
/** Attribute keys and values up to this length are memoised: they repeat line after line. */
const MEMO_MAX_LENGTH = 64;
/** Entries before the memo starts over (bounds memory on high-cardinality values). */
const MEMO_MAX_ENTRIES = 20_000;

function addCounts(into: Record<PiiType, number>, from: Readonly<Record<PiiType, number>>): void {
  for (const type of PII_TYPES) into[type] += from[type];
}

/**
 * A short text's redaction; used as `null` when it holds no PII. Most attribute keys and values
 * hold none, and then neither a counts object nor a pass over the types is needed.
 */
interface ShortRedaction {
  readonly text: string;
  readonly counts: Readonly<Record<PiiType, number>>;
}

/**
 * Redacts one parameter the miner cut out of `message` at `[start, end)`. A parameter may hold
 * only part of a PII value (a phone split on spaces), so every character that was PII in the
 * message is redacted in the parameter too, whatever the parameter looks like alone.
 */
function redactSlice(start: number, end: number, param: string, findings: readonly PiiFinding[]): string {
  let out = '';
  let cursor = start;
  for (const f of findings) {
    if (f.end <= start || f.start >= end) continue;
    const from = Math.max(f.start, start);
    out += param.slice(cursor - start, from - start) + placeholder(f.type);
    cursor = Math.min(f.end, end);
  }
  return out + param.slice(cursor - start);
}

/**
 * Pipeline stage that fills `redactedMessage`, `redactedParams` and `redactions`, and redacts
 * string attributes in place. Runs after template mining, so it redacts the mined parameters too.
 */
export class RedactProcessor implements Processor {
  readonly stage: Stage = 'redact';

  /** Template text → redacted text; templates are few, so each is scanned once. */
  private readonly templateTexts = new Map<string, string>();
  /**
   * Short attribute text → its redaction. The redactor is stateless, so a memoised result is the
   * one a fresh scan would give; results are shared and only read (counts are added elsewhere).
   */
  private readonly memo = new Map<string, ShortRedaction | null>();

  constructor(private readonly redactor: Redactor) {}

  process(batch: Batch): void {
    const kept: PipelineRecord[] = [];
    for (const item of batch.records) {
      if (typeof item.record.message !== 'string') {
        batch.deadLetters.push({
          stage: this.stage,
          reason: `message is ${typeof item.record.message}, not a string`,
          source: item.key,
          sample: this.redactor.redact(String(item.record.message).slice(0, SAMPLE_LIMIT)).text,
        });
        continue;
      }
      this.redactRecord(item);
      kept.push(item);
    }
    batch.records.splice(0, batch.records.length, ...kept);
    // Receivers keep a sample of what they could not read; it is stored, so it is redacted too.
    batch.deadLetters.forEach((letter, i) => {
      const sample = this.redactor.redact(letter.sample).text;
      if (sample !== letter.sample) batch.deadLetters[i] = { ...letter, sample };
    });
  }

  private redactRecord(item: PipelineRecord): void {
    const message = item.record.message;
    const findings = this.redactor.scan(message);
    const counts = emptyCounts();
    item.redactedMessage = findings.length === 0 ? message : applyFindings(message, findings, counts);
    if (item.template) {
      item.redactedParams = this.redactParams(message, item.template.params, findings);
      // A PII value constant across a template's lines is part of the template text itself.
      const text = this.redactTemplateText(item.template.text);
      if (text !== item.template.text) item.template = { ...item.template, text };
    }
    const attributes = item.record.attributes;
    for (const [name, value] of Object.entries(attributes)) {
      // Keys can be data too (`{"users": {"jane@x.org": 3}}` flattens to `users.jane@x.org`).
      const key = this.redactShort(name);
      if (key !== null && key.text !== name) {
        delete attributes[name];
        addCounts(counts, key.counts);
      }
      attributes[key === null ? name : key.text] = this.redactAttribute(value, counts);
    }
    item.redactions = counts;
  }

  private redactTemplateText(text: string): string {
    let redacted = this.templateTexts.get(text);
    if (redacted === undefined) {
      redacted = this.redactor.redact(text).text;
      if (this.templateTexts.size >= 100_000) this.templateTexts.clear();
      this.templateTexts.set(text, redacted);
    }
    return redacted;
  }

  /** Finds each parameter in the message in order; parameters not found verbatim are redacted alone. */
  private redactParams(message: string, params: readonly string[], findings: readonly PiiFinding[]): string[] {
    let cursor = 0;
    return params.map((param) => {
      const at = param.length > 0 ? message.indexOf(param, cursor) : -1;
      if (at < 0) return this.redactAlone(param);
      cursor = at + param.length;
      // Without findings in the message the slice is the parameter itself.
      return findings.length === 0 ? param : redactSlice(at, cursor, param, findings);
    });
  }

  /** Same text as `Redactor.redact`, without the counts nobody reads here. */
  private redactAlone(text: string): string {
    const findings = this.redactor.scan(text);
    return findings.length === 0 ? text : applyFindings(text, findings);
  }

  private redactAttribute(value: AttributeValue, counts: Record<PiiType, number>): AttributeValue {
    if (typeof value !== 'string') return value;
    const result = this.redactShort(value);
    if (result === null) return value;
    addCounts(counts, result.counts);
    return result.text;
  }

  /** The redaction of `text`, or null when it has no PII (the text then stays as it is). */
  private redactShort(text: string): ShortRedaction | null {
    if (text.length > MEMO_MAX_LENGTH) return this.redactNow(text);
    let result = this.memo.get(text);
    if (result === undefined) {
      result = this.redactNow(text);
      if (this.memo.size >= MEMO_MAX_ENTRIES) this.memo.clear();
      this.memo.set(text, result);
    }
    return result;
  }

  private redactNow(text: string): ShortRedaction | null {
    const findings = this.redactor.scan(text);
    if (findings.length === 0) return null;
    const counts = emptyCounts();
    return { text: applyFindings(text, findings, counts), counts };
  }
}

/** Factory used by the pipeline builder: config in, ready stage out. */
export function createRedactProcessor(config: RedactConfigInput = {}): RedactProcessor {
  return new RedactProcessor(new Redactor(config));
}
