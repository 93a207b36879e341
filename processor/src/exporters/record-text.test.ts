import { describe, expect, it } from 'vitest';
import type { JsonMessage } from '../kafka/index.js';
import type { PipelineRecord } from '../pipeline/stage.js';
import { makeRecord } from '../storage/testing/fixtures.js';
import { KafkaExporter, processedJson, toProcessedMessage, type KafkaOutput } from './kafka.exporter.js';
import { recordText, recordTexts } from './record-text.js';

/** Records whose text is hard to write by hand: every field at an edge. */
function edgeRecords(): PipelineRecord[] {
  const strings = ['', 'nul\u0000byte', 'lone \uD800 and \uDC00', 'quote " back \\ both \\"', 'ünï 日本 😀', '\u2028\t\n', '\\u0000'];
  const dates = [new Date(-62135596800001), new Date(253402300800000), new Date(-8.64e15), new Date(0)];
  return strings.flatMap((s, i) =>
    dates.map((d, j) => {
      const r = makeRecord(i * 10 + j);
      r.record.timestamp = j % 2 === 0 ? d : null;
      r.record.observedAt = d;
      r.record.service = j === 1 ? null : s;
      r.record.traceId = j === 2 ? null : s;
      r.record.spanId = s;
      r.record.attributes = j === 3 ? {} : (JSON.parse(`{"__proto__":1,"k${JSON.stringify(s).slice(1, -1)}":${JSON.stringify(s)},"n":-0,"f":1e21}`) as Record<string, string>);
      r.redactedMessage = s;
      r.redactedParams = j === 0 ? [] : [s, '"'];
      if (j === 1) delete r.redactions;
      else r.redactions = { [s]: 2 };
      if (j === 2) delete r.template;
      if (j === 3) {
        delete r.score;
        delete r.isAnomaly;
        delete r.redactedParams;
      } else r.reasons = [s];
      return r;
    }),
  );
}

describe('processedJson', () => {
  it('is JSON.stringify of the processed message, at every edge', () => {
    const records = edgeRecords();
    const slots = recordTexts(records);
    records.forEach((r, i) => expect(processedJson(r, recordText(slots, r, i))).toBe(JSON.stringify(toProcessedMessage(r))));
  });

  it('takes the plain way for values that do not serialise alike inside the message', () => {
    const odd = [makeRecord(1), makeRecord(2), makeRecord(3)];
    (odd[0]!.record as { attributes: unknown }).attributes = { toJSON: (key: string) => ({ key }) };
    (odd[1] as { score: unknown }).score = null;
    (odd[2] as { reasons: unknown }).reasons = null;
    const slots = recordTexts(odd);
    odd.forEach((r, i) => expect(processedJson(r, recordText(slots, r, i))).toBe(JSON.stringify(toProcessedMessage(r))));
    expect(processedJson(odd[0]!, recordText(slots, odd[0]!, 0))).toContain('"attributes":{"key":"attributes"}');
  });
});

describe('recordText', () => {
  it('is written once per record of a batch, and again for a slot whose record was replaced', () => {
    const records = [makeRecord(0), makeRecord(1)];
    const first = recordText(recordTexts(records), records[0]!, 0);
    expect(recordText(recordTexts(records), records[0]!, 0)).toBe(first);
    records[0] = makeRecord(5);
    const again = recordText(recordTexts(records), records[0], 0);
    expect(again).not.toBe(first);
    expect(again.timestamp).toBe('2026-01-01T00:00:05.000Z');
  });

  it('holds ISO text only for dates the insert writes as ISO', () => {
    const r = makeRecord(0);
    r.record.timestamp = new Date(253402300800000);
    const text = recordText(recordTexts([r]), r, 0);
    expect(text.timestamp).toBeNull();
    expect(text.observedAt).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('KafkaExporter payload bytes', () => {
  it('are the UTF-8 of JSON.stringify of each message, sized exactly', async () => {
    const processed: JsonMessage[] = [];
    const output: KafkaOutput = {
      publishProcessed: (m) => Promise.resolve(void processed.push(...m)),
      publishAnomalies: () => Promise.resolve(),
      publishDeadLetters: () => Promise.resolve(),
    };
    const alone = edgeRecords();
    // As after the PostgreSQL exporter, which writes the shared text of each slot.
    const shared = edgeRecords();
    const slots = recordTexts(shared);
    shared.forEach((r, i) => recordText(slots, r, i));
    const exporter = new KafkaExporter(output);
    await exporter.export({ records: alone, anomalies: [], deadLetters: [] });
    await exporter.export({ records: shared, anomalies: [], deadLetters: [] });
    const expected = [...alone, ...shared].map((r) => Buffer.from(JSON.stringify(toProcessedMessage(r)), 'utf8'));
    expect(processed.map((m) => m.bytes)).toEqual(expected);
  });
});
