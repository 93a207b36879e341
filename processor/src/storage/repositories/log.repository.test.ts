import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { arrayLiteral } from './log.repository.js';

const driver = (pg as unknown as { utils: { prepareValue(value: unknown): string } }).utils;

describe('arrayLiteral', () => {
  it('writes text, numbers, booleans and nulls exactly as node-postgres does', () => {
    const values = ['plain', 'with "quotes"', 'back\\slash \\"both\\"', '', 'comma, {brace}', 'NULL', null, undefined, 'ünï ✓', 'new\nline\ttab'];
    expect(arrayLiteral(values)).toBe(driver.prepareValue(values));
    const numbers = [0, -1.5, 0.25, Number.NaN, null];
    expect(arrayLiteral(numbers)).toBe(driver.prepareValue(numbers));
    const flags = [true, false, null];
    expect(arrayLiteral(flags)).toBe(driver.prepareValue(flags));
    expect(arrayLiteral([])).toBe(driver.prepareValue([]));
  });

  it('writes dates as UTC ISO instants, and dates ISO cannot write as the driver does', () => {
    const at = new Date('2026-07-01T09:00:00.123Z');
    expect(arrayLiteral([at, null])).toBe('{"2026-07-01T09:00:00.123Z",NULL}');
    const far = new Date(Date.parse('9999-12-31T23:59:59.999Z') + 1);
    expect(arrayLiteral([far])).toBe(driver.prepareValue([far]));
    const invalid = new Date(Number.NaN);
    expect(arrayLiteral([invalid])).toBe(driver.prepareValue([invalid]));
  });
});
