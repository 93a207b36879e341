import { describe, expect, it } from 'vitest';
import { RateKeyIndex, newRateKeyState, parseRateKey } from './rate-keys.js';

describe('rate keys', () => {
  it('parses template, service and level keys', () => {
    expect(parseRateKey('template:t_1')).toEqual({ kind: 'template', id: 't_1', level: null });
    expect(parseRateKey('service:api')).toEqual({ kind: 'service', id: 'api', level: null });
    expect(parseRateKey('level:ERROR|t_1')).toEqual({ kind: 'level', id: 't_1', level: 'ERROR' });
  });

  it('starts a key state with no count, history or statistics of any window', () => {
    expect(newRateKeyState('template:t_1')).toEqual({ key: 'template:t_1', count: 0, seq: -1, hist: undefined, stats: undefined, statsSeq: -1, service: undefined });
  });
});

describe('RateKeyIndex', () => {
  const ev = (templateId: string, severity: string, service: string | null) => ({ index: 0, time: 0, templateId, templateText: '', params: [], severity, service }) as never;

  it('resolves an event to interned key states, with a level key only for tracked levels', () => {
    const keys = new RateKeyIndex();
    const info = keys.of(ev('t1', 'INFO', 'api'));
    expect([info.template.key, info.level?.key, info.service?.key]).toEqual(['template:t1', undefined, 'service:api']);
    const template = info.template;
    const error = keys.of(ev('t1', 'ERROR', null));
    expect([error.template, error.level?.key, error.service]).toEqual([template, 'level:ERROR|t1', null]);
    expect(keys.of(ev('t1', 'INFO', 'api')).service).toBe(keys.state('service:api'));
    expect(keys.name('level', 't1', 'ERROR')).toBe('level:ERROR|t1');
    expect(keys.find('service:api')).toBe(keys.state('service:api'));
    expect(keys.find('template:nope')).toBeUndefined();
  });

  it('follows a template that changes level or service', () => {
    const keys = new RateKeyIndex();
    keys.of(ev('t1', 'WARN', 'a'));
    const next = keys.of(ev('t1', 'WARN', 'b'));
    expect([next.level?.key, next.service?.key]).toEqual(['level:WARN|t1', 'service:b']);
    expect(keys.of(ev('t1', 'DEBUG', 'b')).level).toBeNull();
  });
});
