import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../domain/log-record.js';
import { emptyBatch, type PipelineRecord } from '../../pipeline/stage.js';
import { RedactProcessor, createRedactProcessor } from './redact.processor.js';
import { Redactor } from './redactor.js';

function item(message: string, params?: string[], attributes: LogRecord['attributes'] = {}): PipelineRecord {
  const record: LogRecord = {
    timestamp: null,
    observedAt: new Date(0),
    service: 'svc',
    severity: 'INFO',
    message,
    attributes,
    traceId: null,
    spanId: null,
    source: { receiver: 'test', stream: 's', position: 1 },
  };
  const base: PipelineRecord = { record, key: 'test:s:1' };
  if (params) base.template = { id: 't1', text: 'x', params, isNew: true };
  return base;
}

describe('RedactProcessor', () => {
  const processor = new RedactProcessor(new Redactor());

  it('fills redactedMessage, redactedParams and redactions', () => {
    const rec = item('login bob@example.com from 203.0.113.9 ok', ['bob@example.com', '203.0.113.9']);
    const batch = emptyBatch([rec]);
    processor.process(batch);
    expect(rec.redactedMessage).toBe('login [EMAIL] from [IP] ok');
    expect(rec.redactedParams).toEqual(['[EMAIL]', '[IP]']);
    expect(rec.redactions?.EMAIL).toBe(1);
    expect(rec.redactions?.IP).toBe(1);
    expect(rec.record.message).toBe('login bob@example.com from 203.0.113.9 ok');
  });

  it('redacts PII that is constant across a template and so part of its text', () => {
    const rec = item('nightly report mailed to ops@example.com', []);
    rec.template = { id: 't9', text: 'nightly report mailed to ops@example.com', params: [], isNew: true };
    processor.process(emptyBatch([rec]));
    expect(rec.template.text).toBe('nightly report mailed to [EMAIL]');
    expect(rec.template.id).toBe('t9');
  });

  it('redacts attribute keys and dead-letter samples, which are stored too', () => {
    const rec = item('counts by user', [], { 'users.jane@corp.example.com': 3, level: 'info' });
    const batch = emptyBatch([rec]);
    batch.deadLetters.push({ stage: 'receive', reason: 'binary', source: 'file:x:9', sample: 'junk from bob@example.org \u0000' });
    processor.process(batch);
    const keys = Object.keys(rec.record.attributes);
    expect(keys).toContain('level');
    expect(keys.some((k) => k.includes('[EMAIL]'))).toBe(true);
    expect(keys.some((k) => k.includes('jane'))).toBe(false);
    expect(rec.redactions?.EMAIL).toBe(1);
    expect(batch.deadLetters[0]?.sample).toBe('junk from [EMAIL] \u0000');
    expect(batch.deadLetters[0]?.reason).toBe('binary');
  });

  it('redacts parameters that hold only part of a PII value', () => {
    const rec = item('sms to +44 20 7946 0958 sent', ['+44', '20', '7946', '0958']);
    processor.process(emptyBatch([rec]));
    expect(rec.redactedMessage).toBe('sms to [PHONE] sent');
    expect(rec.redactedParams).toEqual(['[PHONE]', '[PHONE]', '[PHONE]', '[PHONE]']);
  });

  it('keeps the non-PII part of a parameter and handles empty parameters', () => {
    const rec = item('peer 203.0.113.9:8080 up', ['203.0.113.9:8080', '']);
    processor.process(emptyBatch([rec]));
    expect(rec.redactedParams).toEqual(['[IP]:8080', '']);
  });

  it('redacts a parameter the miner normalised on its own', () => {
    const rec = item('user=alice@example.com', ['ALICE@EXAMPLE.COM']);
    processor.process(emptyBatch([rec]));
    expect(rec.redactedParams).toEqual(['[EMAIL]']);
  });

  it('redacts string attributes in place and counts them', () => {
    const rec = item('no pii here', undefined, { 'client.ip': '198.51.100.4', status: 200, ok: true, note: null });
    processor.process(emptyBatch([rec]));
    expect(rec.record.attributes).toEqual({ 'client.ip': '[IP]', status: 200, ok: true, note: null });
    expect(rec.redactions?.IP).toBe(1);
    expect(rec.redactedMessage).toBe('no pii here');
    expect(rec.redactedParams).toBeUndefined();
  });

  it('counts memoised attribute PII on every record and leaves PII-free keys and values in place', () => {
    const fresh = new RedactProcessor(new Redactor());
    const recs = [1, 2].map(() => item('plain', ['plain'], { 'users.ann@example.org': 'x', ip: '198.51.100.4', method: 'GET' }));
    fresh.process(emptyBatch(recs));
    for (const rec of recs) {
      expect(Object.keys(rec.record.attributes)).toEqual(['ip', 'method', '[EMAIL]']);
      expect(rec.record.attributes).toEqual({ ip: '[IP]', method: 'GET', '[EMAIL]': 'x' });
      expect(rec.redactions).toMatchObject({ EMAIL: 1, IP: 1 });
      expect(rec.redactedParams).toEqual(['plain']);
    }
  });

  it('dead-letters a record whose message is not a string and keeps the rest', () => {
    const bad = item('x');
    (bad.record as { message: unknown }).message = 42;
    const good = item('fine');
    const batch = emptyBatch([bad, good]);
    processor.process(batch);
    expect(batch.records).toEqual([good]);
    expect(batch.deadLetters).toHaveLength(1);
    expect(batch.deadLetters[0]?.stage).toBe('redact');
    expect(batch.deadLetters[0]?.source).toBe('test:s:1');
  });
});

describe('createRedactProcessor', () => {
  it('builds a stage from config', () => {
    const stage = createRedactProcessor({ types: ['IP'] });
    const rec = item('bob@example.com at 203.0.113.1');
    stage.process(emptyBatch([rec]));
    expect(stage.stage).toBe('redact');
    expect(rec.redactedMessage).toBe('bob@example.com at [IP]');
  });
});
