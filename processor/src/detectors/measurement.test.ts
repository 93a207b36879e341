import { describe, expect, it } from 'vitest';
import { mayBeNumber, measuredPositions, numericValue } from './measurement.js';

const MEASUREMENT = /^-?(?:\d+\.\d+|\d+(?:ms|s|us|µs|ns|b|kb|mb|gb|%)|\d{3,})$/i;

describe('numericValue', () => {
  it('reads decimals, 3+ digit integers and numbers with a short unit, as parseFloat does', () => {
    for (const s of ['0.006', '-12.5', '42391', '-100', '250ms', '3s', '15%', '2kb', ' 512 ', '123456789012345']) {
      expect(numericValue(s)).toBe(Number.parseFloat(s.trim()));
      expect(MEASUREMENT.test(s.trim())).toBe(true);
    }
  });

  it('rejects words, ids, dates, addresses and short integers unless measured', () => {
    for (const s of ['', 'GET', 'abc1', '10.0.1.21', '10.0.1.21:8080', '24/Nov/2026', '1e5', '12.', '.5', '1234567890123456', '3f2a']) expect(numericValue(s)).toBeNaN();
    expect(numericValue('42')).toBeNaN();
    expect(numericValue('42', true)).toBe(42);
  });
});

describe('mayBeNumber', () => {
  it('is false only for first characters with which numericValue gives NaN', () => {
    for (let c = 0; c < 400; c++) {
      if (mayBeNumber(c)) continue;
      const ch = String.fromCharCode(c);
      for (const s of [`${ch}123`, `${ch}1.5`, `${ch}`, `${ch}200ms`]) {
        expect(numericValue(s)).toBeNaN();
        expect(numericValue(s, true)).toBeNaN();
      }
    }
    // empty strings (charCodeAt(0) is NaN) are never numbers either
    expect(mayBeNumber(''.charCodeAt(0))).toBe(false);
    for (const s of ['7', '-1', ' 5', '\u00a0250']) expect(mayBeNumber(s.charCodeAt(0))).toBe(true);
  });
});

describe('measuredPositions', () => {
  it('marks placeholders with a key before or a unit after', () => {
    expect(measuredPositions('took <*> ms rt=<*> id <*>')).toEqual([true, true, false]);
  });
});
