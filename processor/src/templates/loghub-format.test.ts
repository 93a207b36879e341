import { describe, expect, it } from 'vitest';
import { compileLoghubFormat } from './loghub-format.js';

describe('compileLoghubFormat', () => {
  const content = compileLoghubFormat('<Date> <Time> <Pid> <Level> <Component>: <Content>');

  it('returns the Content field', () => {
    expect(content('081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating')).toBe(
      'PacketResponder 1 terminating',
    );
  });

  it('returns null for a line that does not fit', () => {
    expect(content('no header here')).toBeNull();
  });

  it('requires a Content field', () => {
    expect(() => compileLoghubFormat('<Date> <Time>')).toThrow(/no <Content>/);
  });
});
