import { Command, InvalidArgumentError } from 'commander';
import { AppError } from '../../domain/errors.js';
import { generateScenario } from '../../synthetic/scenario.generator.js';
import { writeScenario } from '../../synthetic/scenario.writer.js';
import { INCIDENT_KINDS, type IncidentKind } from '../../synthetic/scenario.types.js';

function integer(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
    return n;
  };
}

function incidents(value: string): number | IncidentKind[] {
  if (/^\d+$/.test(value)) return Number(value);
  const kinds = value.split(',').map((k) => k.trim());
  const bad = kinds.filter((k) => !(INCIDENT_KINDS as readonly string[]).includes(k));
  if (bad.length > 0) throw new InvalidArgumentError(`unknown incident kind(s): ${bad.join(', ')} (known: ${INCIDENT_KINDS.join(', ')})`);
  return kinds as IncidentKind[];
}

interface GenerateFlags {
  readonly out: string;
  readonly seed: number;
  readonly minutes: number;
  readonly rate: number;
  readonly incidents?: number | IncidentKind[];
  readonly decoys: boolean;
  readonly prefix: boolean;
}

/** `ailog generate`: writes a synthetic multi-service scenario (`scenario.log` + `labels.json`) to a directory. */
export function generateCommand(): Command {
  return new Command('generate')
    .description('generate a synthetic multi-service log scenario with injected incidents and ground-truth labels')
    .requiredOption('-o, --out <dir>', 'output directory (scenario.log, labels.json)')
    .option('--seed <n>', 'PRNG seed (same seed, same output)', integer('--seed', 0), 42)
    .option('--minutes <n>', 'timeline length in minutes', integer('--minutes', 1), 120)
    .option('--rate <n>', 'mean lines per minute across all services', integer('--rate', 1), 1000)
    .option('--incidents <n|kinds>', `number of incidents, or a comma list of kinds (${INCIDENT_KINDS.join(', ')})`, incidents)
    .option('--no-decoys', 'leave out the benign decoys (deploy, batch bursts)')
    .option('--no-prefix', 'emit native lines without the "service | " prefix')
    .action(async (flags: GenerateFlags) => {
      const started = performance.now();
      const scenario = generateScenario({
        seed: flags.seed,
        durationMinutes: flags.minutes,
        linesPerMinute: flags.rate,
        ...(flags.incidents === undefined ? {} : { incidents: flags.incidents }),
        decoys: flags.decoys,
        prefix: flags.prefix ? 'service' : 'none',
      });
      const generatedMs = performance.now() - started;
      try {
        const files = await writeScenario(flags.out, scenario);
        console.log(`wrote ${scenario.lines.length} lines (${scenario.services.length} services) to ${files.log} in ${generatedMs.toFixed(0)} ms (+ write)`);
        console.log(`wrote ${scenario.labels.length} incident labels and ${scenario.decoys.length} decoys to ${files.labels}`);
        for (const l of scenario.labels) console.log(`  ${l.id.padEnd(7)} ${l.kind.padEnd(16)} ${l.service.padEnd(9)} ${l.start} → ${l.end}  ${l.description}`);
      } catch (error) {
        throw new AppError(`cannot write scenario to ${flags.out}`, { stage: 'cli', cause: error });
      }
    });
}
