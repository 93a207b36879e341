import { describe, expect, it } from 'vitest';
import { BadInputError } from '../domain/errors.js';
import { compileFormat, formatFieldsToEvent } from './format-string.js';

describe('compileFormat', () => {
  it('splits Loghub-style fields on the literal text between them', () => {
    const f = compileFormat('<Date> <Time> <Pid> <Level> <Component>: <Content>');
    expect(f.fields).toEqual(['Date', 'Time', 'Pid', 'Level', 'Component', 'Content']);
    expect(f.parse('081109 203615 148 INFO dfs.DataNode: Receiving block: blk_1 src: /10.0.0.1')).toEqual({
      Date: '081109', Time: '203615', Pid: '148', Level: 'INFO', Component: 'dfs.DataNode', Content: 'Receiving block: blk_1 src: /10.0.0.1',
    });
  });

  it('matches any whitespace run for a space and literal brackets', () => {
    const f = compileFormat('[<Time>] [<Level>] <Content>');
    expect(f.parse('[Sun Dec 04 04:47:44 2005]  [error] mod_jk child')).toEqual({ Time: 'Sun Dec 04 04:47:44 2005', Level: 'error', Content: 'mod_jk child' });
  });

  it('returns null when the line has another shape', () => {
    expect(compileFormat('<Date> <Time> <Level> <Component>: <Content>').parse('just words')).toBeNull();
  });

  it('rejects formats without fields or with duplicates', () => {
    expect(() => compileFormat('no fields')).toThrow(BadInputError);
    expect(() => compileFormat('<A> <A>')).toThrow(/twice/);
  });
});

describe('formatFieldsToEvent', () => {
  it('maps Content, Level, Component, Date+Time and others', () => {
    const e = formatFieldsToEvent({ Date: '2015-10-18', Time: '18:01:47,978', Level: 'WARN', Component: 'org.X', Pid: '42', Content: 'hello' });
    expect(e.message).toBe('hello');
    expect(e.severity).toBe('WARN');
    expect(e.service).toBe('org.X');
    expect(e.timestamp?.toISOString()).toBe('2015-10-18T18:01:47.978Z');
    expect(e.attributes).toEqual({ component: 'org.X', pid: '42' });
  });

  it('keeps unparseable time parts and unknown levels as attributes', () => {
    const e = formatFieldsToEvent({ Time: 'tea time', Level: 'LOUD', Content: 'x' });
    expect(e.timestamp).toBeNull();
    expect(e.severity).toBe('UNKNOWN');
    expect(e.attributes).toEqual({ time: 'tea time', level: 'LOUD' });
  });
});
