import { describe, expect, it } from 'vitest';
import { generateScenario } from './scenario.generator.js';

const s = generateScenario({ seed: 11, durationMinutes: 30, linesPerMinute: 700, prefix: 'none' });
const labelled = new Set(s.labels.flatMap((l) => l.lineNumbers));

/** Lines of one service that are normal background (incident text may deliberately break format). */
function normalLines(service: string): string[] {
  return s.lines.filter((_, i) => s.lineServices[i] === service && !labelled.has(i + 1));
}

const JAVA_FIRST = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} (TRACE|DEBUG|INFO |WARN |ERROR) \[[^\]]+\] [\w.$[\]/ |-]+ - .+$/;
const JAVA_CONT = /^(\tat [\w.$/<>]+\([\w.]+(?::\d+)?\)|\t\.\.\. \d+ more|Caused by: [\w.$]+(Exception|Error): .+|[a-z][\w.$]*\.[\w$]+(Exception|Error)(: .+)?)$/;

describe('synthetic lines parse as the format their service claims', () => {
  it('auth writes one valid JSON object per line with time, level and msg', () => {
    const lines = normalLines('auth');
    expect(lines.length).toBeGreaterThan(1000);
    for (const line of lines) {
      const obj = JSON.parse(line) as Record<string, unknown>;
      expect(typeof obj['msg']).toBe('string');
      expect(Number.isNaN(Date.parse(String(obj['time'])))).toBe(false);
      expect(['debug', 'info', 'warn', 'error']).toContain(obj['level']);
    }
  });

  it('payments writes logfmt with quoted values where needed', () => {
    const pair = /^(?:\s*[a-z_0-9]+=(?:"(?:[^"\\]|\\.)*"|[^\s"=]+))+$/;
    for (const line of normalLines('payments')) {
      expect(line).toMatch(/^time=\S+Z level=(debug|info|warn|error) msg=/);
      expect(line).toMatch(pair);
    }
  });

  it('gateway writes nginx access lines and nginx error-log lines', () => {
    const access = /^\d+\.\d+\.\d+\.\d+ - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "(GET|POST|PUT) \S+ HTTP\/1\.1" \d{3} \d+ "-" "[^"]+" rt=\d+\.\d{3} upstream=\S+$/;
    const error = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(notice|warn|error|crit|alert)\] \d+#\d+: \*\d+ .+$/;
    const lines = normalLines('gateway');
    for (const line of lines) expect(access.test(line) || error.test(line)).toBe(true);
    expect(lines.filter((l) => error.test(l)).length).toBeGreaterThan(0);
  });

  it('database writes PostgreSQL stderr lines with a level and two spaces', () => {
    for (const line of normalLines('database')) {
      expect(line).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC \[\d+\] (LOG|ERROR|FATAL|WARNING|DETAIL|HINT|STATEMENT): {2}\S/);
    }
  });

  it('orders and inventory write Logback lines, with stack-trace continuation lines as normal noise', () => {
    for (const service of ['orders', 'inventory']) {
      const lines = normalLines(service);
      for (const line of lines) expect(JAVA_FIRST.test(line) || JAVA_CONT.test(line)).toBe(true);
      expect(lines.filter((l) => l.startsWith('\tat ')).length).toBeGreaterThan(0);
    }
  });

  it('scheduler writes RFC 5424 and worker RFC 3164 syslog', () => {
    for (const line of normalLines('scheduler')) expect(line).toMatch(/^<\d{1,3}>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S+ \S+ \d+ \S+ - .+$/);
    for (const line of normalLines('worker')) expect(line).toMatch(/^<\d{1,3}>\w{3} [ \d]\d \d\d:\d\d:\d\d \S+ [\w-]+\[\d+\]: .+$/);
  });

  it('contains the PII that redaction must remove', () => {
    const text = s.lines.join('\n');
    expect(text).toMatch(/[a-z]+[._]?[a-z]+\d*@[a-z]+\.[a-z.]+/);
    expect(text).toMatch(/card_number=\d{15,16}/);
    expect(text).toMatch(/\b(31|62|78|81|93|109|145|176|185|203)\.\d+\.\d+\.\d+ - - /);
  });
});
