import { describe, expect, it } from 'vitest';
import { BadInputError } from '../domain/errors.js';
import { idempotencyKey } from '../domain/log-record.js';
import { decodeOtlpJson } from './otlp-json.receiver.js';

const source = { receiver: 'kafka', stream: 'logs-raw/1', position: 99 };

/** Shape written by the collector's kafka exporter with `encoding: otlp_json` (protobuf JSON mapping). */
const request = {
  resourceLogs: [
    {
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: 'payments' } },
          { key: 'host.name', value: { stringValue: 'ip-10-0-0-1' } },
          { key: 'k8s.pod.name', value: { stringValue: 'payments-0' } },
        ],
      },
      scopeLogs: [
        {
          scope: { name: 'io.opentelemetry.jdbc', version: '1.0' },
          logRecords: [
            {
              timeUnixNano: '1700000000123456789',
              observedTimeUnixNano: '1700000001000000000',
              severityNumber: 17,
              severityText: 'ERROR',
              body: { stringValue: 'payment 42 declined' },
              attributes: [
                { key: 'http.status_code', value: { intValue: '502' } },
                { key: 'retry', value: { boolValue: true } },
                { key: 'ratio', value: { doubleValue: 0.25 } },
                { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 1 }] } } },
              ],
              traceId: '5B8EFFF798038103D269B633813FC60C',
              spanId: 'eee19b7ec3c1b174',
            },
            {
              observedTimeUnixNano: '1700000002000000000',
              severityText: 'Warning',
              body: { kvlistValue: { values: [{ key: 'event', value: { stringValue: 'retry' } }, { key: 'n', value: { intValue: '3' } }] } },
            },
          ],
        },
      ],
    },
    { resource: {}, scopeLogs: [{ logRecords: [{ timeUnixNano: 0, severityNumber: 'SEVERITY_NUMBER_INFO', body: { stringValue: 'hi' }, traceId: '', spanId: '' }] }] },
  ],
};

describe('decodeOtlpJson', () => {
  const records = decodeOtlpJson(Buffer.from(JSON.stringify(request)), source);

  it('yields one record per logRecord, numbered by index', () => {
    expect(records).toHaveLength(3);
    expect(records.map((r) => idempotencyKey(r.source))).toEqual(['kafka:logs-raw/1:99:0', 'kafka:logs-raw/1:99:1', 'kafka:logs-raw/1:99:2']);
  });

  it('maps time, severity, body, ids, service and attributes', () => {
    const [r] = records;
    expect(r?.timestamp?.toISOString()).toBe('2023-11-14T22:13:20.123Z');
    expect(r?.observedAt.toISOString()).toBe('2023-11-14T22:13:21.000Z');
    expect(r).toMatchObject({ severity: 'ERROR', message: 'payment 42 declined', service: 'payments', traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174' });
    expect(r?.attributes).toEqual({
      'host.name': 'ip-10-0-0-1',
      'k8s.pod.name': 'payments-0',
      'otel.scope.name': 'io.opentelemetry.jdbc',
      'http.status_code': 502,
      retry: true,
      ratio: 0.25,
      tags: '["a",1]',
    });
  });

  it('turns structured bodies into JSON text and reads severityText / enum names', () => {
    expect(records[1]).toMatchObject({ severity: 'WARN', message: '{"event":"retry","n":3}', timestamp: null, service: 'payments' });
    expect(records[2]).toMatchObject({ severity: 'INFO', message: 'hi', service: null, traceId: null, spanId: null, timestamp: null });
  });

  it('decodes the header of raw file lines (filelog: no level, no time)', () => {
    const raw = {
      resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'filelog' } }] }, scopeLogs: [{ scope: {}, logRecords: [
        { observedTimeUnixNano: '1763980000000000000', body: { stringValue: '2025-11-24 10:00:00,123 WARN [pool-1] slow query took 812 ms' }, attributes: [{ key: 'log.file.name', value: { stringValue: 'app.log' } }] },
      ] }] }],
    };
    const [r] = decodeOtlpJson(Buffer.from(JSON.stringify(raw)), source);
    expect(r?.severity).toBe('WARN');
    expect(r?.timestamp?.toISOString()).toBe('2025-11-24T10:00:00.123Z');
    expect(r?.message).toContain('slow query took 812 ms');
    expect(r?.message).not.toContain('WARN');
    expect(r).toMatchObject({ service: 'filelog', attributes: { 'log.file.name': 'app.log' } });
  });

  it('throws BadInputError (decode) without a resourceLogs array', () => {
    expect(() => decodeOtlpJson(Buffer.from('{"resourceSpans":[]}'), source)).toThrow(BadInputError);
    expect(() => decodeOtlpJson(Buffer.from('{"resourceLogs":'), source)).toThrow(/not valid JSON/);
  });
});
