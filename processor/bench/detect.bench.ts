/**
 * Detection benchmark: `npm run bench:detect -- --data <dir>` (default ../shared/datasets).
 * HDFS_2k / HDFS_5k sessions (group by block id), BGL_2k lines (label token stripped first),
 * the synthetic incident scenario on `--seeds` (default 42,7,1,123; incident- and line-level), throughput
 * (`--reps` alternating parse-only / parse + detect runs on the first seed, default 3), embedding calls and
 * HDBSCAN on 10k template embeddings. Prints a table; writes bench-results/detect.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hdbscan } from '../src/clustering/hdbscan.js';
import { runDetection } from '../src/cli/commands/detect.runner.js';
import { createLogger } from '../src/domain/logger.js';
import { CachedEmbedder } from '../src/embeddings/embedding-provider.js';
import { GloveProvider } from '../src/embeddings/glove.provider.js';
import { createLineDecoder } from '../src/receivers/index.js';
import { TemplateMiner } from '../src/templates/index.js';
import { generateScenario, lineLabels, scoreIncidents, type FoundIncident } from '../src/synthetic/index.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
};
const dataDir = resolve(arg('--data', '../shared/datasets'));
const logger = createLogger('warn');
const provider = GloveProvider.load(undefined, createLogger('info'));

interface Metrics { precision: number; recall: number; f1: number; auc: number; n: number; positives: number }

function metrics(scores: readonly number[], predicted: readonly boolean[], truth: readonly boolean[]): Metrics {
  let tp = 0, fp = 0, fn = 0;
  predicted.forEach((p, i) => {
    if (p && truth[i]) tp++;
    else if (p) fp++;
    else if (truth[i]) fn++;
  });
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, auc: rocAuc(scores, truth), n: truth.length, positives: tp + fn };
}

/** ROC AUC by rank statistic (ties get average ranks). */
function rocAuc(scores: readonly number[], truth: readonly boolean[]): number {
  const idx = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(scores.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1]![0] === idx[i]![0]) j++;
    for (let k = i; k <= j; k++) ranks[idx[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const pos = truth.filter(Boolean).length;
  const neg = truth.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  const sumPos = truth.reduce((s, t, i) => (t ? s + ranks[i]! : s), 0);
  return (sumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

function readLines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
}

/**
 * Reference only (uses the labels, never fed to the detector): the best session F1 that *any*
 * detector could reach if all it knew of a session were its multiset of templates — sessions with
 * the same multiset must get the same verdict, so the oracle labels each multiset group
 * optimally. When labels depend on events outside the sample, this ceiling is far below 1.
 */
function multisetCeiling(lines: readonly string[], labels: ReadonlyMap<string, string>, groupBy: RegExp): number {
  const decode = createLineDecoder({});
  const miner = new TemplateMiner();
  const ids = lines.map((l, i) => miner.add(decode(l, i + 1).message).id);
  const bySession = new Map<string, string[]>();
  lines.forEach((l, i) => {
    for (const key of new Set(l.match(groupBy) ?? [])) bySession.set(key, [...(bySession.get(key) ?? []), miner.resolve(ids[i] as string)]);
  });
  const groups = new Map<string, { pos: number; neg: number }>();
  for (const [key, ts] of bySession) {
    if (!labels.has(key)) continue;
    const g = groups.get([...ts].sort().join('|')) ?? { pos: 0, neg: 0 };
    if (labels.get(key) === 'Anomaly') g.pos++;
    else g.neg++;
    groups.set([...ts].sort().join('|'), g);
  }
  const total = [...groups.values()].reduce((s, g) => s + g.pos, 0);
  let tp = 0, fp = 0, best = 0;
  for (const g of [...groups.values()].sort((x, y) => y.pos / (y.pos + y.neg) - x.pos / (x.pos + x.neg))) {
    tp += g.pos;
    fp += g.neg;
    best = Math.max(best, (2 * tp) / (2 * tp + fp + (total - tp)));
  }
  return best;
}

async function sessions(name: string, logPath: string, labelPath: string): Promise<Metrics & { ceiling: number }> {
  const labels = new Map(readLines(labelPath).slice(1).map((r) => r.split(',') as [string, string]));
  const embedder = new CachedEmbedder(provider);
  const run = await runDetection(readLines(logPath), { decode: createLineDecoder({}), embedder, logger, config: { groupBy: 'blk_-?\\d+', useTraceId: false } });
  const scored = run.sessions.filter((s) => labels.has(s.key));
  if (scored.length !== labels.size) logger.warn({ name, scored: scored.length, labelled: labels.size }, 'session count differs from labels');
  const ceiling = multisetCeiling(readLines(logPath), labels, /blk_-?\d+/g);
  return { ...metrics(scored.map((s) => s.score), scored.map((s) => s.isAnomaly), scored.map((s) => labels.get(s.key) === 'Anomaly')), ceiling };
}

async function bgl(path: string): Promise<Metrics> {
  const raw = readLines(path);
  const truth = raw.map((l) => !l.startsWith('- '));
  // the first token is the label: it must never reach the detector
  const lines = raw.map((l) => l.slice(l.indexOf(' ') + 1));
  const decode = createLineDecoder({ format: '<Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>' });
  const scores: number[] = [];
  const predicted: boolean[] = [];
  await runDetection(lines, { decode, embedder: new CachedEmbedder(provider), logger, onLines: (rows) => rows.forEach((r) => { scores.push(r.score); predicted.push(r.isAnomaly); }) });
  return metrics(scores, predicted, truth);
}

async function synthetic(seed: number) {
  const scenario = generateScenario({ seed });
  const embedder = new CachedEmbedder(provider);
  const scores: number[] = [];
  const predicted: boolean[] = [];
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const run = await runDetection(scenario.lines, { decode: createLineDecoder({}), embedder, logger, onLines: (rows) => rows.forEach((r) => { scores.push(r.score); predicted.push(r.isAnomaly); }) });
  const detectSec = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const detectCpuSec = (cpu.user + cpu.system) / 1e6;
  const found: FoundIncident[] = run.findings
    .filter((f) => f.scope !== 'session')
    .map((f) => ({ service: f.service, start: f.windowStart, end: f.windowEnd, templateId: f.templateId, kind: f.method, score: f.score }));
  const incidents = scoreIncidents(scenario.labels, found);
  return {
    lines: metrics(scores, predicted, lineLabels(scenario)),
    incidentRecall: incidents.recall,
    falseIncidentRate: incidents.falseIncidentRate,
    findings: found.length,
    missed: incidents.missed.map((m) => m.kind),
    falseKinds: countBy(incidents.falseIncidents.map((f) => f.kind ?? '?')),
    lineCount: run.lines,
    templates: run.templates,
    embedCalls: embedder.embedCalls,
    detectSec,
    detectCpuSec,
    scenarioLines: scenario.lines,
  };
}

function countBy(xs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

/** Parsing alone (compose prefix split, decode, mine), timed by wall clock and CPU. */
function parseOnly(lines: readonly string[]): { wallLps: number; cpuLps: number } {
  const decode = createLineDecoder({});
  const miner = new TemplateMiner();
  const t = performance.now();
  const c = process.cpuUsage();
  lines.forEach((l, i) => {
    const m = /^([A-Za-z][\w.-]{0,62}?)\s*\| (.*)$/s.exec(l);
    miner.add(decode(m === null ? l : (m[2] as string), i + 1).message);
  });
  const cpu = process.cpuUsage(c);
  return { wallLps: lines.length / ((performance.now() - t) / 1000), cpuLps: lines.length / ((cpu.user + cpu.system) / 1e6) };
}

/** Parse + detect over the same lines, CPU-timed (the pipeline the CLI runs). */
async function detectCpu(lines: readonly string[]): Promise<number> {
  const c = process.cpuUsage();
  await runDetection(lines, { decode: createLineDecoder({}), embedder: new CachedEmbedder(provider), logger });
  const cpu = process.cpuUsage(c);
  return lines.length / ((cpu.user + cpu.system) / 1e6);
}

/**
 * Throughput, alternating parse-only and parse + detect runs over the same lines and keeping
 * each one's best of `reps`: on a shared machine the best run is the one least slowed by the
 * neighbours, and alternating gives both the same JIT warmth.
 */
async function throughput(lines: readonly string[], reps: number): Promise<{ parseLps: number; parseWallLps: number; detectLps: number; runs: Array<{ parse: number; detect: number }> }> {
  const runs: Array<{ parse: number; detect: number }> = [];
  let parseWall = 0;
  for (let i = 0; i < reps; i++) {
    const p = parseOnly(lines);
    parseWall = Math.max(parseWall, p.wallLps);
    runs.push({ parse: p.cpuLps, detect: await detectCpu(lines) });
  }
  return { parseLps: Math.max(...runs.map((r) => r.parse)), parseWallLps: parseWall, detectLps: Math.max(...runs.map((r) => r.detect)), runs };
}

/**
 * Median over runs of each run's own detection share (its parse and parse + detect halves ran
 * back to back): steadier than the best-of ratio when neighbours load the machine unevenly.
 */
function medianShare(runs: ReadonlyArray<{ parse: number; detect: number }>): number {
  const shares = runs.map((r) => 1 - r.detect / r.parse).sort((a, b) => a - b);
  const m = shares.length >> 1;
  return shares.length % 2 === 1 ? (shares[m] as number) : ((shares[m - 1] as number) + (shares[m] as number)) / 2;
}

async function hdbscanTiming(): Promise<{ points: number; seconds: number; cpuSeconds: number; clusters: number; noise: number }> {
  // 10k pseudo-templates: 3–8 vocabulary words each, plus a shared prefix per family so clusters exist
  let s = 7;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const words = readFileSync(join(dataDir, 'loghub_2k', 'HDFS', 'HDFS_2k.log'), 'utf8').split(/[^A-Za-z]+/).filter((w) => w.length > 3);
  const vocab = [...new Set(words.map((w) => w.toLowerCase()))];
  const texts = Array.from({ length: 10_000 }, (_, i) => {
    const family = `${vocab[i % 97] ?? 'x'} ${vocab[(i * 7) % 89] ?? 'y'}`;
    const extra = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => vocab[Math.floor(rnd() * vocab.length)] ?? 'z');
    return `${family} ${extra.join(' ')} <*>`;
  });
  const vectors = await provider.embed(texts);
  const t = performance.now();
  const c = process.cpuUsage();
  const res = hdbscan(vectors, { minClusterSize: 5 });
  const cpu = process.cpuUsage(c);
  return { points: vectors.length, seconds: (performance.now() - t) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, clusters: res.clusterCount, noise: res.labels.filter((l) => l === -1).length };
}

const fmt = (m: Metrics): string => `P ${m.precision.toFixed(3)}  R ${m.recall.toFixed(3)}  F1 ${m.f1.toFixed(3)}  AUC ${m.auc.toFixed(3)}  (n=${m.n}, pos=${m.positives})`;

/**
 * The same throughput measurement in a fresh Node process. In this process it runs after the
 * HDFS session runs, whose allocations make V8 pretenure allocation sites: parsing then runs
 * ~20 % slower and detection 40–60 % slower than in a process that only streams lines (which is
 * what `ailog detect` is). Both figures are printed; neither arm gets an advantage the other lacks.
 */
function freshProcessThroughput(seed: number, reps: number): { parseLps: number; detectLps: number; runs: Array<{ parse: number; detect: number }> } | null {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--throughput-only', '--seeds', String(seed), '--reps', String(reps)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
  return child.status === 0 && line !== undefined ? (JSON.parse(line) as { parseLps: number; detectLps: number; runs: Array<{ parse: number; detect: number }> }) : null;
}

async function throughputOnly(): Promise<void> {
  const seed = Number(arg('--seeds', '42').split(',')[0]);
  const tp = await throughput(generateScenario({ seed }).lines, Number(arg('--reps', '3')));
  process.stdout.write(`${JSON.stringify({ parseLps: tp.parseLps, detectLps: tp.detectLps, runs: tp.runs })}\n`);
}

async function main(): Promise<void> {
  if (args.includes('--throughput-only')) return throughputOnly();
  if (!existsSync(dataDir)) {
    process.stderr.write(`datasets not found at ${dataDir}; pass --data <dir>\n`);
    process.exitCode = 2;
    return;
  }
  const hdfs2k = await sessions('HDFS_2k', join(dataDir, 'loghub_2k/HDFS/HDFS_2k.log'), join(dataDir, 'hdfs_sessions/HDFS_2k_anomaly_label.csv'));
  const hdfs5k = await sessions('HDFS_5k', join(dataDir, 'hdfs_sessions/HDFS_5k.log'), join(dataDir, 'hdfs_sessions/HDFS_5k_anomaly_label.csv'));
  const bgl2k = await bgl(join(dataDir, 'loghub_2k/BGL/BGL_2k.log'));
  const seeds = arg('--seeds', '42,7,1,123').split(',').map(Number);
  const syns = [];
  for (const seed of seeds) syns.push({ seed, ...(await synthetic(seed)) });
  const syn = syns[0] as (typeof syns)[number];
  // CPU time, not wall time: the machine is shared, wall clock mostly measures the neighbours
  const tp = await throughput(syn.scenarioLines, Number(arg('--reps', '3')));
  const parse = { cpuLps: tp.parseLps, wallLps: tp.parseWallLps };
  const parseLps = tp.parseLps;
  const detectLps = tp.detectLps;
  const fresh = freshProcessThroughput(syn.seed, Number(arg('--reps', '3')));
  const hdb = await hdbscanTiming();
  const result = {
    hdfs2kSessions: hdfs2k,
    hdfs5kSessions: hdfs5k,
    bgl2kLines: bgl2k,
    synthetic: syns.map(({ scenarioLines: _drop, ...rest }) => rest),
    throughput: { parseLinesPerCpuSec: parseLps, parseLinesPerWallSec: parse.wallLps, parsePlusDetectLinesPerCpuSec: detectLps, parsePlusDetectLinesPerWallSec: syn.lineCount / syn.detectSec, detectionCostShare: 1 - detectLps / parseLps, detectionCostShareMedian: medianShare(tp.runs), runs: tp.runs, firstSeedRunLinesPerCpuSec: syn.lineCount / syn.detectCpuSec },
    throughputFreshProcess: fresh === null ? null : { ...fresh, detectionCostShare: 1 - fresh.detectLps / fresh.parseLps, detectionCostShareMedian: medianShare(fresh.runs) },
    embedCallsPerMillionLines: (syn.embedCalls / syn.lineCount) * 1e6,
    distinctTemplatesPerMillionLines: (syn.templates / syn.lineCount) * 1e6,
    hdbscan10k: hdb,
  };
  const out = [
    `HDFS_2k sessions      ${fmt(hdfs2k)}  [oracle ceiling for any template-multiset detector: F1 ${hdfs2k.ceiling.toFixed(3)}]`,
    `HDFS_5k sessions      ${fmt(hdfs5k)}  [oracle ceiling: F1 ${hdfs5k.ceiling.toFixed(3)}]`,
    `BGL_2k lines          ${fmt(bgl2k)}`,
    ...syns.map((r) => `synthetic seed ${String(r.seed).padEnd(4)} incidents: recall ${r.incidentRecall.toFixed(3)}, false-incident rate ${r.falseIncidentRate.toFixed(3)} (${r.findings} findings; missed ${r.missed.join(',') || '-'}; false ${JSON.stringify(r.falseKinds)})\n                      lines: ${fmt(r.lines)}`),
    `throughput (CPU)      parse ${Math.round(parseLps)} lines/s; parse+detect ${Math.round(detectLps)} lines/s (best of ${tp.runs.length} alternating runs); detection costs ${(100 * result.throughput.detectionCostShare).toFixed(1)}% of parse throughput (per run: ${tp.runs.map((r) => `${(100 * (1 - r.detect / r.parse)).toFixed(0)}%`).join(' ')}, median ${(100 * result.throughput.detectionCostShareMedian).toFixed(1)}%; first seed run alone ${Math.round(syn.lineCount / syn.detectCpuSec)} lines/s; wall ${Math.round(parse.wallLps)} / ${Math.round(syn.lineCount / syn.detectSec)})`,
    fresh === null
      ? 'throughput (fresh)    child process failed'
      : `throughput (fresh)    same measurement in a fresh process: parse ${Math.round(fresh.parseLps)} lines/s; parse+detect ${Math.round(fresh.detectLps)} lines/s; detection costs ${(100 * (1 - fresh.detectLps / fresh.parseLps)).toFixed(1)}% (per run: ${fresh.runs.map((r) => `${(100 * (1 - r.detect / r.parse)).toFixed(0)}%`).join(' ')}, median ${(100 * medianShare(fresh.runs)).toFixed(1)}%)`,
    `embeddings            ${syn.embedCalls} texts embedded for ${syn.lineCount} lines (${result.embedCallsPerMillionLines.toFixed(0)}/M lines; ${syn.templates} live templates)`,
    `HDBSCAN               ${hdb.points} × 100-d in ${hdb.seconds.toFixed(2)} s wall, ${hdb.cpuSeconds.toFixed(2)} s CPU (${hdb.clusters} clusters, ${hdb.noise} noise)`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/detect.json', JSON.stringify(result, null, 2));
}

await main();
