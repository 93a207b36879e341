import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Knex } from '@mikro-orm/postgresql';
import { jsonb, pgText } from '../sql.js';
import { arrayLiteral, LogRepository, type NewLog } from './log.repository.js';

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

describe('LogRepository.insertMany', () => {
  const log = (i: number, over: Partial<NewLog> = {}): NewLog => ({
    idempotencyKey: `k"${i}\\`,
    message: i % 2 ? 'nul\u0000 "q" \\' : 'plain',
    templateId: i % 2 ? null : `t${i}`,
    parameters: i % 3 ? ['a"', 'b\\'] : [],
    service: i % 2 ? null : 'NULL',
    level: 'INFO',
    timestamp: new Date(i % 2 ? 253402300800000 : 1_700_000_000_000 + i),
    observedAt: new Date(1_700_000_000_000 + i),
    traceId: null,
    spanId: null,
    attributes: i % 2 ? { 'k\u0000': 'lone \uD800', q: '"\\' } : {},
    redactions: { EMAIL: i },
    score: i % 2 ? null : i / 3,
    isAnomaly: i % 2 === 0,
    raw: null,
    ...over,
  });
  async function params(logs: readonly NewLog[]): Promise<unknown[][]> {
    const calls: unknown[][] = [];
    const knex = {
      raw: (_sql: string, values: unknown[]) => {
        calls.push(values);
        return Promise.resolve({ rows: [] });
      },
    };
    await new LogRepository(knex as unknown as Knex, 2).insertMany(logs);
    return calls;
  }

  it('sends each column as the array literal node-postgres writes (NUL replaced, jsonb as storable JSON)', async () => {
    const logs = [log(0), log(1), log(2)];
    const [first] = await params(logs);
    const column = (value: (l: NewLog) => unknown): string => driver.prepareValue(logs.slice(0, 2).map(value));
    expect(first).toEqual([
      column((l) => pgText(l.idempotencyKey)),
      column((l) => pgText(l.message)),
      column((l) => l.templateId),
      column((l) => jsonb(l.parameters)),
      column((l) => l.service),
      column((l) => l.level),
      // Dates as UTC ISO where ISO can write them (see above).
      arrayLiteral(logs.slice(0, 2).map((l) => l.timestamp)),
      arrayLiteral(logs.slice(0, 2).map((l) => l.observedAt)),
      column((l) => l.traceId),
      column((l) => l.spanId),
      column((l) => jsonb(l.attributes)),
      column((l) => jsonb(l.redactions)),
      column((l) => l.score),
      column((l) => l.isAnomaly),
      column((l) => l.raw),
    ]);
  });
});
