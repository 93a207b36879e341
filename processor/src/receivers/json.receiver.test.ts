import { describe, expect, it } from 'vitest';
import { decodeJsonLine, flattenObject, flattenObjectWithout } from './json.receiver.js';

function decoded(text: string) {
  const r = decodeJsonLine(text);
  if (!r.ok) throw new Error(r.error);
  return r.event;
}

describe('decodeJsonLine', () => {
  it('maps common keys and flattens the rest with dots', () => {
    const e = decoded('{"@timestamp":"2024-05-01T12:00:00Z","log":{"level":"warning"},"message":"disk full","service":{"name":"api"},"trace.id":"t1","spanId":"s1","http":{"status":507,"ok":false},"tags":["a","b"]}');
    expect(e.timestamp?.toISOString()).toBe('2024-05-01T12:00:00.000Z');
    expect(e.severity).toBe('WARN');
    expect(e.message).toBe('disk full');
    expect(e.service).toBe('api');
    expect(e.traceId).toBe('t1');
    expect(e.spanId).toBe('s1');
    expect(e.attributes).toEqual({ 'http.status': 507, 'http.ok': false, tags: '["a","b"]' });
  });

  it('reads pino-style numeric levels and epoch ms times', () => {
    const e = decoded('{"level":50,"time":1700000000123,"msg":"boom","name":"worker","pid":7}');
    expect(e.severity).toBe('ERROR');
    expect(e.timestamp?.getTime()).toBe(1700000000123);
    expect(e.service).toBe('worker');
    expect(e.attributes).toEqual({ pid: 7 });
  });

  it('uses OTel severity_number when there is no level word, and epoch ns', () => {
    const e = decoded('{"severity_number":13,"ts":1700000000000000000,"text":"x"}');
    expect(e.severity).toBe('WARN');
    expect(e.timestamp?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });

  it('keeps the line as the message when no message key exists, and odd levels as attributes', () => {
    const line = '{"level":"loud","user":"x"}';
    const e = decoded(line);
    expect(e.message).toBe(line);
    expect(e.severity).toBe('UNKNOWN');
    expect(e.attributes).toEqual({ level: 'loud', user: 'x' });
  });

  it('keeps an unparseable time as an attribute', () => {
    expect(decoded('{"msg":"m","time":"soon"}').attributes).toEqual({ time: 'soon' });
  });

  it('reports broken JSON and non-objects instead of throwing', () => {
    expect(decodeJsonLine('{"a":').ok).toBe(false);
    expect(decodeJsonLine('[1,2]')).toEqual({ ok: false, error: 'not a JSON object' });
  });
});

describe('flattenObject', () => {
  it('stops at a depth bound and stringifies deeper objects', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 12; i++) deep = { n: deep };
    const flat = flattenObject(deep);
    const keys = Object.keys(flat);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.split('.')).toHaveLength(9);
    expect(typeof flat[keys[0]!]).toBe('string');
  });
});

describe('flattenObjectWithout', () => {
  it('flattens like a rest copy without the two keys, in order, own __proto__ keys included', () => {
    const value = JSON.parse('{"a":1,"log":"x","__proto__":{"p":1},"kubernetes":{"k":1},"n":{"m":[1],"o":null}}') as Record<string, unknown>;
    const { log: _log, kubernetes: _k8s, ...rest } = value;
    const expected = flattenObject(rest);
    expect(Object.entries(flattenObjectWithout(value, 'log', 'kubernetes'))).toEqual(Object.entries(expected));
    expect(Object.keys(expected)).toEqual(['a', '__proto__.p', 'n.m', 'n.o']);
  });
});
