import type { Scenario } from '../scenario.types.js';

/**
 * Per-line ground truth for line-level benchmarks: `true` for lines that belong to an incident
 * (index i is line i + 1). Absences (disappearance, traffic drop) have no lines, so they add none.
 */
export function lineLabels(scenario: Pick<Scenario, 'lines' | 'labels'>): boolean[] {
  const out = new Array<boolean>(scenario.lines.length).fill(false);
  for (const label of scenario.labels) for (const n of label.lineNumbers) if (n >= 1 && n <= out.length) out[n - 1] = true;
  return out;
}
