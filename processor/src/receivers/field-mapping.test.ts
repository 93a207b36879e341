import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../domain/log-record.js';
import { fieldsToEvent } from './field-mapping.js';

describe('fieldsToEvent attributes', () => {
  it('leaves out the taken keys, keeps the rest in order, and does not change its input', () => {
    const fields: Record<string, AttributeValue> = { a: 1, msg: 'hello', b: 'x', level: 'warn', time: '2026-11-24T10:00:00Z', service: 'api', c: true, trace_id: 't1', span_id: 's1' };
    const before = { ...fields };
    const e = fieldsToEvent(fields, 'line');
    expect(Object.keys(e.attributes)).toEqual(['a', 'b', 'c']);
    expect(e.attributes).toEqual({ a: 1, b: 'x', c: true });
    expect(e).toMatchObject({ message: 'hello', severity: 'WARN', service: 'api', traceId: 't1', spanId: 's1' });
    expect(fields).toEqual(before);
    expect(Object.keys(fields)).toEqual(Object.keys(before));
  });

  it('appends an unknown level and an unparsed time after the other keys, as a delete and re-set would', () => {
    const e = fieldsToEvent({ time: 'soon', x: 1, level: 'loud', y: 2 }, 'line');
    expect(Object.keys(e.attributes)).toEqual(['x', 'y', 'level', 'time']);
    expect(e.attributes).toEqual({ x: 1, y: 2, level: 'loud', time: 'soon' });
  });

  it('overwrites an empty key in place when a later key of the same kind was taken', () => {
    // `level: ''` is skipped (no value), `severity` is taken; the unknown word goes back under `level`
    const e = fieldsToEvent({ level: '', x: 1, severity: 'loud' }, 'line');
    expect(Object.keys(e.attributes)).toEqual(['level', 'x']);
    expect(e.attributes.level).toBe('loud');
  });

  it('returns the fields themselves when nothing was taken', () => {
    const fields: Record<string, AttributeValue> = { x: 1 };
    expect(fieldsToEvent(fields, 'line').attributes).toBe(fields);
  });

  it('keeps an own __proto__ key as a property, not as the prototype', () => {
    const fields = JSON.parse('{"__proto__":null,"msg":"m","k":1}') as Record<string, AttributeValue>;
    const attributes = fieldsToEvent(fields, 'line').attributes;
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.hasOwn(attributes, '__proto__')).toBe(true);
    expect(Object.keys(attributes)).toEqual(['__proto__', 'k']);
  });
});
