import { describe, expect, it } from 'vitest';
import { generateScenario } from './scenario.generator.js';
import { splitServicePrefix } from './service-prefix.js';

describe('splitServicePrefix', () => {
  it('recovers the service and the native line of every generated line', () => {
    const withPrefix = generateScenario({ seed: 4, durationMinutes: 5, linesPerMinute: 300 });
    const native = generateScenario({ seed: 4, durationMinutes: 5, linesPerMinute: 300, prefix: 'none' });
    withPrefix.lines.forEach((text, i) => {
      const { service, line } = splitServicePrefix(text);
      expect(service).toBe(withPrefix.lineServices[i]);
      expect(line).toBe(native.lines[i]);
    });
  });

  it('accepts compose replica names and leaves unprefixed lines alone', () => {
    expect(splitServicePrefix('payments-1  | time=x level=info')).toEqual({ service: 'payments-1', line: 'time=x level=info' });
    expect(splitServicePrefix('2026-11-24 10:00:00.000 UTC [1] LOG:  x')).toEqual({ service: null, line: '2026-11-24 10:00:00.000 UTC [1] LOG:  x' });
    expect(splitServicePrefix('{"a":"b | c"}').service).toBeNull();
  });
});
