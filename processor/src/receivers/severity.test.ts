import { describe, expect, it } from 'vitest';
import { headerLevel, normalizeSeverity, severityFromOtel, severityFromSyslog } from './severity.js';

describe('normalizeSeverity', () => {
  it.each([
    ['warn', 'WARN'], ['WARNING', 'WARN'], ['W', 'WARN'], ['err', 'ERROR'], ['Error', 'ERROR'], ['E', 'ERROR'],
    ['crit', 'FATAL'], ['critical', 'FATAL'], ['fatal', 'FATAL'], ['panic', 'FATAL'], ['emerg', 'FATAL'],
    ['notice', 'INFO'], ['INFO', 'INFO'], ['trace', 'TRACE'], ['verbose', 'TRACE'], ['debug', 'DEBUG'],
    ['severe', 'ERROR'], ['bogus', 'UNKNOWN'], ['', 'UNKNOWN'],
  ] as const)('%s → %s', (word, expected) => {
    expect(normalizeSeverity(word)).toBe(expected);
  });

  it('reads pino levels, syslog numbers and OTel numbers', () => {
    expect(normalizeSeverity(30)).toBe('INFO');
    expect(normalizeSeverity(50)).toBe('ERROR');
    expect(normalizeSeverity(3)).toBe('ERROR');
    expect(normalizeSeverity('4')).toBe('WARN');
    expect(normalizeSeverity(17, 'otel')).toBe('ERROR');
    expect(normalizeSeverity(9, 'otel')).toBe('INFO');
    expect(normalizeSeverity(null)).toBe('UNKNOWN');
    expect(normalizeSeverity({})).toBe('UNKNOWN');
  });

  it('maps the OTel and syslog ranges at their edges', () => {
    expect([1, 4, 5, 8, 12, 13, 20, 21, 24].map(severityFromOtel)).toEqual(['TRACE', 'TRACE', 'DEBUG', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'FATAL']);
    expect(severityFromOtel(0)).toBe('UNKNOWN');
    expect(severityFromOtel(25)).toBe('UNKNOWN');
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(severityFromSyslog)).toEqual(['FATAL', 'FATAL', 'FATAL', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG']);
    expect(severityFromSyslog(8)).toBe('UNKNOWN');
  });
});

describe('headerLevel', () => {
  it('accepts upper, lower and Capitalised words and upper-case single letters', () => {
    expect(headerLevel('ERROR')).toBe('ERROR');
    expect(headerLevel('error')).toBe('ERROR');
    expect(headerLevel('Warning')).toBe('WARN');
    expect(headerLevel('W')).toBe('WARN');
  });

  it('rejects lower-case letters, odd casing and ordinary words', () => {
    expect(headerLevel('e')).toBeNull();
    expect(headerLevel('eRRor')).toBeNull();
    expect(headerLevel('The')).toBeNull();
    expect(headerLevel('C')).toBeNull();
  });
});
