import type { PipelineRecord } from '../pipeline/stage.js';
import { isIsoWritable, type LogText } from '../storage/repositories/log.repository.js';

/**
 * What the PostgreSQL and Kafka exporters both write of a record: its dates as ISO text and its
 * attributes, redacted parameters and redaction counts as JSON. Whichever exporter runs first
 * writes it, the other reuses it, so no line is serialised twice. Exporters never change records,
 * which is what makes the text still valid for the second one.
 */
export interface RecordText extends LogText {
  /** The record it was written from: a batch array's slot that was replaced is written again. */
  readonly of: PipelineRecord;
}

/** Per batch, by the batch's records array (a wrapping exporter may pass a shallow copy of the batch, which shares it). */
const texts = new WeakMap<readonly PipelineRecord[], Array<RecordText | undefined>>();

/** The record texts another exporter wrote for this batch already, if any. */
export function knownTexts(records: readonly PipelineRecord[]): ReadonlyArray<RecordText | undefined> | undefined {
  return texts.get(records);
}

/** The record texts of a batch; `recordText(slots, records, i)` reads one. */
export function recordTexts(records: readonly PipelineRecord[]): Array<RecordText | undefined> {
  let slots = texts.get(records);
  if (slots === undefined) {
    slots = new Array<RecordText | undefined>(records.length);
    texts.set(records, slots);
  }
  return slots;
}

export function recordText(slots: Array<RecordText | undefined>, r: PipelineRecord, i: number): RecordText {
  const known = slots[i];
  if (known !== undefined && known.of === r) return known;
  const { record } = r;
  const at = record.timestamp ?? record.observedAt;
  const text: RecordText = {
    of: r,
    // ISO text only where the insert writes ISO text; the Kafka exporter writes toISOString() of the others itself.
    timestamp: isIsoWritable(at) ? at.toISOString() : null,
    observedAt: isIsoWritable(record.observedAt) ? record.observedAt.toISOString() : null,
    // `?? null` as `jsonb` has it; a string for anything the exporters pass.
    attributes: JSON.stringify(record.attributes ?? null),
    parameters: r.redactedParams === undefined ? null : JSON.stringify(r.redactedParams),
    redactions: JSON.stringify(r.redactions ?? {}),
  };
  slots[i] = text;
  return text;
}
