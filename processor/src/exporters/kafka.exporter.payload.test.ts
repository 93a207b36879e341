import { describe, expect, it } from 'vitest';
import type { JsonMessage } from '../kafka/index.js';
import type { PipelineRecord } from '../pipeline/stage.js';
import { makeRecord } from '../storage/testing/fixtures.js';
import { KafkaExporter, toProcessedMessage, type KafkaOutput } from './kafka.exporter.js';

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

describe('KafkaExporter payload bytes', () => {
  it('are the UTF-8 of JSON.stringify of each message, sized exactly', async () => {
    const processed: JsonMessage[] = [];
    const output: KafkaOutput = {
      publishProcessed: (m) => Promise.resolve(void processed.push(...m)),
      publishAnomalies: () => Promise.resolve(),
      publishDeadLetters: () => Promise.resolve(),
    };
    const records = edgeRecords();
    await new KafkaExporter(output).export({ records, anomalies: [], deadLetters: [] });
    expect(processed.map((m) => m.bytes)).toEqual(records.map((r) => Buffer.from(JSON.stringify(toProcessedMessage(r)), 'utf8')));
  });
});
