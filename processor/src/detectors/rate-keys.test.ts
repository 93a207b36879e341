import { describe, expect, it } from 'vitest';
import { newRateKeyState, parseRateKey } from './rate-keys.js';

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
