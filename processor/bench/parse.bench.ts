/**
 * Template-mining benchmark: accuracy on Loghub 2k (original and Loghub-2.0 corrected truth),
 * throughput on a ≥300k-line file, and Drain3 side by side.
 *
 * Usage: npm run bench:parse -- [--data <dir>] [--only <system>] [--dump <system>] [--no-speed] [--runs <n>]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsvRecords } from '../src/templates/evaluation/csv-reader.js';
import { scoreParsing, type ParsingScores } from '../src/templates/evaluation/parsing-metrics.js';
import { mineAll } from '../src/templates/evaluation/run-miner.js';
import { TemplateMiner } from '../src/templates/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dataDir = resolve(arg('--data') ?? join(root, '../shared/datasets'));
const only = arg('--only');
const dump = arg('--dump');
const withSpeed = !process.argv.includes('--no-speed');
const RUNS = Number(arg('--runs') ?? 2);

interface SystemResult extends ParsingScores {
  readonly dataset: string;
  readonly system: string;
  readonly lines: number;
  readonly linesPerSec: number;
}

function evaluate(dataset: string, system: string, file: string): SystemResult {
  const rows = parseCsvRecords(readFileSync(file, 'utf8'));
  const contents = rows.map((r) => r.Content ?? '');
  const t0 = performance.now();
  const final = mineAll(contents);
  const ms = performance.now() - t0;
  const labelled = rows.map((r, i) => ({
    trueGroup: r.EventId ?? '',
    trueTemplate: r.EventTemplate ?? '',
    predGroup: final[i]?.id ?? '',
    predTemplate: final[i]?.text ?? '',
  }));
  if (dump === system) dumpConfusions(dataset, labelled);
  const scores = scoreParsing(labelled);
  return { dataset, system, lines: rows.length, linesPerSec: Math.round(rows.length / (ms / 1000)), ...scores };
}

function dumpConfusions(
  dataset: string,
  lines: readonly { trueGroup: string; trueTemplate: string; predGroup: string; predTemplate: string }[],
): void {
  const pairs = new Map<string, number>();
  for (const l of lines) {
    if (l.predTemplate.trim() === l.trueTemplate.trim()) continue;
    const k = `${l.trueTemplate}\n    got: ${l.predTemplate}`;
    pairs.set(k, (pairs.get(k) ?? 0) + 1);
  }
  const splits = new Map<string, Map<string, number>>();
  for (const l of lines) {
    const m = splits.get(l.trueTemplate) ?? new Map<string, number>();
    m.set(l.predTemplate, (m.get(l.predTemplate) ?? 0) + 1);
    splits.set(l.trueTemplate, m);
  }
  console.log(`--- ${dataset} split groups`);
  for (const [t, m] of splits) {
    if (m.size < 2) continue;
    console.log(`${t}`);
    for (const [p, n] of [...m].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`    ${n}x ${p}`);
  }
  const merged = new Map<string, Map<string, number>>();
  for (const l of lines) {
    const m = merged.get(l.predGroup) ?? new Map<string, number>();
    m.set(l.trueTemplate, (m.get(l.trueTemplate) ?? 0) + 1);
    merged.set(l.predGroup, m);
  }
  console.log(`--- ${dataset} merged groups`);
  for (const m of merged.values()) {
    if (m.size < 2) continue;
    console.log(`  group of ${m.size} true templates:`);
    for (const [t, n] of [...m].sort((a, b) => b[1] - a[1]).slice(0, 4)) console.log(`    ${n}x ${t}`);
  }
  console.log(`--- ${dataset} mismatches`);
  for (const [k, n] of [...pairs].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${n}x ${k}`);
}

function accuracy(): SystemResult[] {
  const results: SystemResult[] = [];
  const sets: [string, string][] = [
    ['loghub_2k', '_2k.log_structured.csv'],
    ['loghub2_2k_corrected', '_2k.log_structured_corrected.csv'],
  ];
  for (const [dataset, suffix] of sets) {
    const dir = join(dataDir, dataset);
    if (!existsSync(dir)) throw new Error(`dataset directory missing: ${dir} (pass --data <dir>)`);
    for (const system of readdirSystems(dir)) {
      if (only !== undefined && only !== system) continue;
      const file = join(dir, system, `${system}${suffix}`);
      if (existsSync(file)) results.push(evaluate(dataset, system, file));
    }
  }
  return results;
}

function readdirSystems(dir: string): string[] {
  return execFileSync('ls', [dir], { encoding: 'utf8' })
    .split('\n')
    .filter((n) => n !== '' && existsSync(join(dir, n, `${n}_2k.log`)));
}

const fmt = (x: number): string => x.toFixed(3);

function printAccuracy(results: readonly SystemResult[]): Record<string, Record<string, number>> {
  const averages: Record<string, Record<string, number>> = {};
  for (const dataset of new Set(results.map((r) => r.dataset))) {
    const rs = results.filter((r) => r.dataset === dataset);
    console.log(`\n${dataset}`);
    console.log('system        GA     PA     FGA    FTA    groups(pred/true)  lines/s');
    for (const r of rs) {
      console.log(
        `${r.system.padEnd(12)}  ${fmt(r.ga)}  ${fmt(r.pa)}  ${fmt(r.fga)}  ${fmt(r.fta)}  ${`${r.predictedGroups}/${r.trueGroups}`.padEnd(17)}  ${r.linesPerSec}`,
      );
    }
    const avg = (k: 'ga' | 'pa' | 'fga' | 'fta'): number => rs.reduce((s, r) => s + r[k], 0) / rs.length;
    averages[dataset] = { ga: avg('ga'), pa: avg('pa'), fga: avg('fga'), fta: avg('fta') };
    console.log(`${'AVERAGE'.padEnd(12)}  ${fmt(avg('ga'))}  ${fmt(avg('pa'))}  ${fmt(avg('fga'))}  ${fmt(avg('fta'))}`);
  }
  return averages;
}

function buildThroughputFile(): { file: string; lines: string[] } {
  const dir = join(dataDir, 'loghub_2k');
  const base: string[] = [];
  for (const system of readdirSystems(dir)) {
    const rows = parseCsvRecords(readFileSync(join(dir, system, `${system}_2k.log_structured.csv`), 'utf8'));
    for (const r of rows) base.push((r.Content ?? '').replace(/[\r\n]+/g, ' '));
  }
  const lines: string[] = [];
  while (lines.length < 300_000) lines.push(...base);
  const file = join(tmpdir(), 'ailog-parse-bench.txt');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, lines };
}

interface SpeedRow {
  readonly parser: string;
  readonly lines: number;
  readonly seconds: number;
  readonly linesPerSec: number;
  readonly peakRssMb: number;
  readonly templates: number;
}

/** Child-process mode: mine a file and print a SpeedRow, so peak RSS is ours alone. */
function throughputChild(file: string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const miner = new TemplateMiner();
  const t0 = performance.now();
  for (const l of lines) miner.add(l);
  const seconds = (performance.now() - t0) / 1000;
  const row: SpeedRow = {
    parser: 'ailog',
    lines: lines.length,
    seconds: Number(seconds.toFixed(3)),
    linesPerSec: Math.round(lines.length / seconds),
    peakRssMb: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
    templates: miner.templates().length,
  };
  process.stdout.write(JSON.stringify(row));
}

function runJson(cmd: string, args: string[]): SpeedRow {
  return JSON.parse(execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20 })) as SpeedRow;
}

function throughput(): { ailog: SpeedRow; drain3: SpeedRow | { available: false; note: string } } {
  const { file, lines } = buildThroughputFile();
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const haveDrain3 = spawnSync('python3', ['-c', 'import drain3'], { encoding: 'utf8' }).status === 0;
  // Interleaved runs, best of each: the machine is shared, so load changes between runs.
  let ours: SpeedRow | undefined;
  let best3: SpeedRow | undefined;
  for (let run = 0; run < RUNS; run++) {
    const a = runJson(tsx, [fileURLToPath(import.meta.url), '--throughput-child', file]);
    if (ours === undefined || a.linesPerSec > ours.linesPerSec) ours = a;
    if (!haveDrain3) continue;
    const d = runJson('python3', [join(here, 'drain3-baseline.py'), file]);
    if (best3 === undefined || d.linesPerSec > best3.linesPerSec) best3 = d;
  }
  if (ours === undefined) throw new Error('no throughput run');
  const drain3 =
    best3 ?? ({ available: false, note: 'drain3 not importable by python3 (pip install drain3): skipped' } as const);
  const load = loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`\nthroughput on ${lines.length} lines (${file}); own process each, best of ${RUNS}; load avg ${load}`);
  console.log('parser   lines/s    seconds  peakRSS(MB)  templates');
  for (const r of [ours, drain3]) {
    if (!('linesPerSec' in r)) {
      console.log(`drain3   ${r.note}`);
      continue;
    }
    console.log(
      `${r.parser.padEnd(7)}  ${String(r.linesPerSec).padEnd(9)}  ${String(r.seconds).padEnd(7)}  ${String(r.peakRssMb).padEnd(11)}  ${r.templates}`,
    );
  }
  if ('linesPerSec' in drain3) {
    console.log(`speed-up vs drain3: ${(ours.linesPerSec / drain3.linesPerSec).toFixed(2)}x`);
  }
  return { ailog: ours, drain3 };
}

function main(): void {
  const child = arg('--throughput-child');
  if (child !== undefined) {
    throughputChild(child);
    return;
  }
  if (!existsSync(dataDir)) {
    console.error(`datasets not found at ${dataDir}; pass --data <dir> (see /work/shared/datasets/README.md)`);
    process.exit(1);
  }
  const results = accuracy();
  const averages = printAccuracy(results);
  const speed = withSpeed && only === undefined ? throughput() : undefined;
  const out = join(root, 'bench-results', 'parse.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), dataDir, averages, results, speed }, null, 2));
  console.log(`\nwrote ${out}`);
}

main();
