import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Scenario } from './scenario.types.js';

/** Paths written by `writeScenario`. */
export interface ScenarioFiles {
  readonly log: string;
  readonly labels: string;
}

/**
 * Writes `<dir>/scenario.log` (one line per physical line) and `<dir>/labels.json` (labels, decoys,
 * services and the resolved options). Creates `dir` if needed; overwrites existing files.
 */
export async function writeScenario(dir: string, scenario: Scenario): Promise<ScenarioFiles> {
  await mkdir(dir, { recursive: true });
  const log = join(dir, 'scenario.log');
  const labels = join(dir, 'labels.json');
  const out = createWriteStream(log, { encoding: 'utf8' });
  // Chunked writes keep memory flat for long scenarios instead of one giant joined string.
  const chunk = 5000;
  for (let i = 0; i < scenario.lines.length; i += chunk) {
    if (!out.write(scenario.lines.slice(i, i + chunk).join('\n') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const { options } = scenario;
  const meta = {
    generator: 'ailog-synthetic',
    options: { ...options, start: options.start.toISOString() },
    lineCount: scenario.lines.length,
    services: scenario.services,
    labels: scenario.labels,
    decoys: scenario.decoys,
  };
  await writeFile(labels, JSON.stringify(meta, null, 2) + '\n', 'utf8');
  return { log, labels };
}
