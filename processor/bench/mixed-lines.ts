import { generateScenario } from '../src/synthetic/index.js';

/**
 * Realistic mixed lines (JSON, logfmt, access logs, …) for the Kafka benches; stack-trace
 * continuations dropped: one message = one record. Deterministic (the scenario's default seed).
 */
export function mixedLines(n: number): string[] {
  const scenario = generateScenario({ linesPerMinute: Math.ceil((n * 1.1) / 120), prefix: 'none' });
  const lines = scenario.lines.filter((line) => line.trim() !== '' && !/^\s/.test(line));
  return Array.from({ length: n }, (_, i) => lines[i % lines.length] ?? '');
}
