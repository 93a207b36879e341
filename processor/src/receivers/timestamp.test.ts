import { describe, expect, it } from 'vitest';
import { fromEpoch, matchLeadingTimestamp, parseTimestamp } from './timestamp.js';

const iso = (text: string, year = 2024): string | undefined => matchLeadingTimestamp(text, year)?.date.toISOString();

describe('matchLeadingTimestamp', () => {
  it.each([
    ['2024-05-01T12:00:00Z rest', '2024-05-01T12:00:00.000Z', 20],
    ['2024-05-01T12:00:00.123456+02:00 x', '2024-05-01T10:00:00.123Z', 32],
    ['2015-10-18 18:01:47,978 INFO', '2015-10-18T18:01:47.978Z', 23],
    ['2005-06-03-15.42.50.675872 R02', '2005-06-03T15:42:50.675Z', 26],
    ['20171223-22:15:29:606|Step', '2017-12-23T22:15:29.606Z', 21],
    ['20171223-22:16:0:119|Step', '2017-12-23T22:16:00.119Z', 20],
    ['081109 203615 148 INFO', '2008-11-09T20:36:15.000Z', 13],
    ['17/06/09 20:10:40 INFO', '2017-06-09T20:10:40.000Z', 17],
    ['03-17 16:13:38.811  1702', '2024-03-17T16:13:38.811Z', 18],
    ['Jun 14 15:16:01 combo', '2024-06-14T15:16:01.000Z', 15],
    ['Jul  1 09:00:55 host', '2024-07-01T09:00:55.000Z', 15],
    ['[Sun Dec 04 04:47:44 2005] [error]', '2005-12-04T04:47:44.000Z', 26],
    ['10/Oct/2000:13:55:36 -0700 GET', '2000-10-10T20:55:36.000Z', 26],
    ['[10.30 16:49:06] chrome.exe', '2024-10-30T16:49:06.000Z', 16],
  ])('%s', (text, expected, end) => {
    const m = matchLeadingTimestamp(text, 2024);
    expect(m?.date.toISOString()).toBe(expected);
    expect(m?.end).toBe(end);
  });

  it('puts a year-less date that would lie in the future into the previous year', () => {
    const later = new Date(Date.now() + 40 * 24 * 3600 * 1000);
    const mon = later.toUTCString().slice(8, 11);
    const day = later.getUTCDate();
    const m = matchLeadingTimestamp(`${mon} ${day} 10:00:00 host`);
    expect(m?.date.getTime()).toBeLessThan(Date.now());
  });

  it('rejects non-timestamps and impossible dates', () => {
    expect(iso('hello world')).toBeUndefined();
    expect(iso('12345 things')).toBeUndefined();
    expect(iso('2024-13-01 10:00:00')).toBeUndefined();
    expect(iso('[not a date]')).toBeUndefined();
    expect(iso('Junk 14 15:16:01')).toBeUndefined();
  });
});

describe('parseTimestamp', () => {
  it('tells epoch seconds, ms, µs and ns apart', () => {
    const want = '2023-11-14T22:13:20.000Z';
    expect(fromEpoch(1_700_000_000)?.toISOString()).toBe(want);
    expect(parseTimestamp(1_700_000_000_000)?.toISOString()).toBe(want);
    expect(parseTimestamp(1_700_000_000_000_000)?.toISOString()).toBe(want);
    expect(parseTimestamp('1700000000000000000')?.toISOString()).toBe(want);
    expect(parseTimestamp('1700000000.5')?.toISOString()).toBe('2023-11-14T22:13:20.500Z');
  });

  it('parses ISO strings and rejects junk', () => {
    expect(parseTimestamp('2024-01-02T03:04:05.678Z')?.toISOString()).toBe('2024-01-02T03:04:05.678Z');
    expect(parseTimestamp('Tue, 24 Nov 2026 19:00:00 GMT')?.toISOString()).toBe('2026-11-24T19:00:00.000Z');
    expect(parseTimestamp('yesterday')).toBeNull();
    expect(parseTimestamp(-5)).toBeNull();
    expect(parseTimestamp(true)).toBeNull();
    expect(parseTimestamp('42')).toBeNull();
  });
});
