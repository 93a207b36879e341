import { describe, expect, it } from 'vitest';
import { createLineDecoder, createTextDecoder } from './line-decoder.js';

describe('createLineDecoder', () => {
  it('auto-detects per line and sets the source', () => {
    const decode = createLineDecoder({ stream: 'app.log', service: 'default-svc' });
    const json = decode('{"msg":"hi","level":"warn","app":"api"}', 3);
    expect(json).toMatchObject({ message: 'hi', severity: 'WARN', service: 'api', source: { receiver: 'file', stream: 'app.log', position: 3 } });
    const plain = decode('2024-01-01 00:00:00 ERROR boom\r', 4);
    expect(plain).toMatchObject({ message: 'boom', severity: 'ERROR', service: 'default-svc' });
    expect(plain.observedAt).toBeInstanceOf(Date);
  });

  it('keeps the whole line in messageOnly mode', () => {
    const decode = createLineDecoder({ messageOnly: true, receiver: 'stdin' });
    expect(decode('2024-01-01 00:00:00 ERROR boom', 1)).toMatchObject({
      message: '2024-01-01 00:00:00 ERROR boom', severity: 'UNKNOWN', timestamp: null, source: { receiver: 'stdin', stream: 'stdin', position: 1 },
    });
  });

  it('falls back to the whole line when a format string does not match', () => {
    const decode = createLineDecoder({ format: '<Level> <Component>: <Content>' });
    expect(decode('WARN db: slow query', 1)).toMatchObject({ message: 'slow query', severity: 'WARN', service: 'db' });
    expect(decode('nothing here', 2)).toMatchObject({ message: 'nothing here', attributes: { format_mismatch: true } });
  });

  it('uses the whole line as message for a format without Content', () => {
    const decode = createLineDecoder({ format: '<Level> <Rest>' });
    expect(decode('INFO a b', 1)).toMatchObject({ message: 'INFO a b', severity: 'INFO', attributes: { rest: 'a b' } });
  });
});

describe('createTextDecoder', () => {
  it('honours explicit formats', () => {
    expect(createTextDecoder('json')('{"msg":"x"}').event.message).toBe('x');
    expect(createTextDecoder('json')('not json').jsonError).toBe(true);
    expect(createTextDecoder('logfmt')('msg=x level=error').event.severity).toBe('ERROR');
    expect(createTextDecoder('syslog')('<11>1 - h app - - - m').event.service).toBe('app');
    expect(createTextDecoder('syslog')('no syslog').event.message).toBe('no syslog');
    expect(createTextDecoder('plain')('{"msg":"x"}').event.message).toBe('{"msg":"x"}');
  });

  it('rejects a broken format string at creation', () => {
    expect(() => createTextDecoder('no fields at all')).toThrow(/no <Field>/);
  });
});

describe('TextDecoder.fromJsonObject', () => {
  const lines = ['{"level":"error","msg":"boom","ts":"2024-05-29T12:00:00Z","a":{"b":[1,2]}}', ' {"msg":"space first"}', '\t{"text":"t"}', '{}', '{"__proto__":"p","message":"m"}'];
  it.each(['auto', 'json'])('gives the %s decoder\'s result for the parsed line', (format) => {
    const decode = createTextDecoder(format);
    for (const line of lines) {
      expect(decode.fromJsonObject?.(JSON.parse(line) as Record<string, unknown>, line)).toEqual(decode(line));
    }
  });

  it('auto: a line that auto-detection would not read as JSON is decoded from its text', () => {
    const decode = createTextDecoder('auto');
    const line = '\n{"msg":"m"}';
    expect(decode.fromJsonObject?.({ msg: 'm' }, line)).toEqual(decode(line));
    expect(decode(line).event.message).toBe(line);
  });

  it('is absent where the format does not parse JSON', () => {
    expect(createTextDecoder('plain').fromJsonObject).toBeUndefined();
    expect(createTextDecoder('logfmt').fromJsonObject).toBeUndefined();
  });
});
