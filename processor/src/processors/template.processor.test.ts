import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../domain/log-record.js';
import { toPipelineRecords } from '../pipeline/pipeline.js';
import { emptyBatch } from '../pipeline/stage.js';
import { TemplateMiner } from '../templates/index.js';
import { TemplateProcessor } from './template.processor.js';

function records(messages: readonly string[]): LogRecord[] {
  return messages.map((message, i) => ({
    timestamp: null,
    observedAt: new Date(0),
    service: null,
    severity: 'INFO',
    message,
    attributes: {},
    traceId: null,
    spanId: null,
    source: { receiver: 'file', stream: 'test.log', position: i + 1 },
  }));
}

describe('TemplateProcessor', () => {
  it('assigns templates and parameters to every record', () => {
    const batch = emptyBatch(
      toPipelineRecords(records(['Connection from 10.0.0.1 closed', 'Connection from 10.0.0.2 closed', 'VM Started'])),
    );
    new TemplateProcessor(new TemplateMiner()).process(batch);
    const [a, b, c] = batch.records;
    expect(a?.template?.id).toBe(b?.template?.id);
    expect(a?.template?.text).toContain('<*>');
    expect(b?.template?.params.join(' ')).toContain('10.0.0.2');
    expect(c?.template?.id).not.toBe(a?.template?.id);
    expect(a?.template?.isNew).toBe(true);
    expect(b?.template?.isNew).toBe(false);
  });

  it('moves earlier records of a batch to the generalised template and records the alias', () => {
    const messages = [
      'Receiving block blk_1 src: /10.0.0.1:5000',
      'Receiving block blk_2 src: /10.0.0.2:5000',
      'Receiving block blk_3 src: /10.0.0.3:5000',
    ];
    const batch = emptyBatch(toPipelineRecords(records(messages)));
    const miner = new TemplateMiner();
    new TemplateProcessor(miner).process(batch);
    const ids = new Set(batch.records.map((r) => r.template?.id));
    expect(ids.size).toBe(1);
    const finalId = [...ids][0] ?? '';
    expect(miner.resolve(finalId)).toBe(finalId);
    expect(batch.templateAliases?.length).toBeGreaterThan(0);
    for (const alias of batch.templateAliases ?? []) expect(miner.resolve(alias.from)).toBe(finalId);
    expect(batch.records.every((r) => r.template?.text === batch.records[2]?.template?.text)).toBe(true);
  });
});
