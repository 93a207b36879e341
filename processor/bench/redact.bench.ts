/**
 * PII redaction benchmark: span-level recall/precision per type on the generated labelled corpus,
 * and redactor throughput. Usage: `npm run bench:redact [-- --eval-lines 20000 --speed-lines 100000 --seed 42]`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PII_TYPES, Redactor, generatePiiCorpus, type CorpusLine, type PiiFinding, type PiiType } from '../src/processors/redact/index.js';

interface TypeStats {
  gold: number;
  found: number;
  predicted: number;
  truePredicted: number;
  wrongType: number;
  overRedactedChars: number;
}

const BAR = { recall: 0.99, precision: 0.98 };

function emptyStats(): Record<PiiType, TypeStats> {
  const s = {} as Record<PiiType, TypeStats>;
  for (const t of PII_TYPES) s[t] = { gold: 0, found: 0, predicted: 0, truePredicted: 0, wrongType: 0, overRedactedChars: 0 };
  return s;
}

/** Characters of `f` outside every gold span: text that was PII-free but got replaced. */
function extraChars(f: PiiFinding, line: CorpusLine): number {
  let covered = 0;
  for (const g of line.spans) covered += Math.max(0, Math.min(f.end, g.end) - Math.max(f.start, g.start));
  return f.end - f.start - covered;
}

function score(redactor: Redactor, corpus: readonly CorpusLine[], examples: string[]): Record<PiiType, TypeStats> {
  const stats = emptyStats();
  for (const line of corpus) {
    const findings = redactor.scan(line.text);
    for (const g of line.spans) {
      stats[g.type].gold++;
      const hit = findings.some((f) => f.type === g.type && f.start <= g.start && f.end >= g.end);
      if (hit) stats[g.type].found++;
      else if (examples.length < 40) examples.push(`MISS ${g.type} "${line.text.slice(g.start, g.end)}" in: ${line.text.slice(0, 220)}`);
    }
    for (const f of findings) {
      const s = stats[f.type];
      s.predicted++;
      s.overRedactedChars += extraChars(f, line);
      const same = line.spans.some((g) => g.type === f.type && f.start < g.end && g.start < f.end);
      if (same) s.truePredicted++;
      else {
        if (line.spans.some((g) => f.start < g.end && g.start < f.end)) s.wrongType++;
        if (examples.length < 40) examples.push(`FP ${f.type}/${f.rule} "${line.text.slice(f.start, f.end)}" in: ${line.text.slice(0, 220)}`);
      }
    }
  }
  return stats;
}

function throughput(redactor: Redactor, lines: readonly string[]): { linesPerSec: number; ms: number } {
  let sink = 0;
  for (const l of lines.slice(0, 5000)) sink += redactor.redact(l).text.length;
  const t0 = performance.now();
  for (const l of lines) sink += redactor.redact(l).text.length;
  const ms = performance.now() - t0;
  if (sink < 0) console.log(sink);
  return { linesPerSec: Math.round((lines.length / ms) * 1000), ms: Math.round(ms) };
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
const fmt = (x: number): string => x.toFixed(4);

function main(): void {
  const { values } = parseArgs({
    options: { 'eval-lines': { type: 'string', default: '20000' }, 'speed-lines': { type: 'string', default: '100000' }, seed: { type: 'string', default: '42' }, verbose: { type: 'boolean', default: false } },
  });
  const seed = Number(values.seed);
  const redactor = new Redactor();
  const corpus = generatePiiCorpus({ lines: Number(values['eval-lines']), seed });
  const examples: string[] = [];
  const stats = score(redactor, corpus, examples);

  const rows = PII_TYPES.map((type) => {
    const s = stats[type];
    const recall = ratio(s.found, s.gold);
    const precision = ratio(s.truePredicted, s.predicted);
    return { type, gold: s.gold, recall, precision, fp: s.predicted - s.truePredicted, wrongType: s.wrongType, overRedactedChars: s.overRedactedChars, meetsBar: recall >= BAR.recall && precision >= BAR.precision };
  });
  const total = Object.values(stats).reduce((a, s) => ({ gold: a.gold + s.gold, found: a.found + s.found, predicted: a.predicted + s.predicted, truePredicted: a.truePredicted + s.truePredicted }), { gold: 0, found: 0, predicted: 0, truePredicted: 0 });

  const speedCorpus = generatePiiCorpus({ lines: Number(values['speed-lines']), seed: seed + 1 });
  const all = speedCorpus.map((l) => l.text);
  const clean = all.filter((_, i) => speedCorpus[i]?.spans.length === 0);
  const speedAll = throughput(redactor, all);
  const speedClean = throughput(redactor, clean);

  console.log(`PII redaction, ${corpus.length} labelled lines (seed ${seed}), bar recall >= ${BAR.recall}, precision >= ${BAR.precision}`);
  console.table(rows.map((r) => ({ ...r, recall: fmt(r.recall), precision: fmt(r.precision) })));
  console.log(`overall: recall ${fmt(ratio(total.found, total.gold))}, precision ${fmt(ratio(total.truePredicted, total.predicted))}, spans ${total.gold}`);
  console.log(`throughput: ${speedAll.linesPerSec} lines/s on ${all.length} mixed lines (${speedAll.ms} ms); ${speedClean.linesPerSec} lines/s on ${clean.length} PII-free lines`);
  if (values.verbose) for (const e of examples) console.log(e);

  const outDir = join(process.cwd(), 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const result = { date: new Date().toISOString(), node: process.version, seed, evalLines: corpus.length, bar: BAR, perType: rows, overall: { recall: ratio(total.found, total.gold), precision: ratio(total.truePredicted, total.predicted), spans: total.gold }, throughput: { mixed: { lines: all.length, ...speedAll }, piiFree: { lines: clean.length, ...speedClean } }, examples: examples.slice(0, 20) };
  writeFileSync(join(outDir, 'redact.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${join(outDir, 'redact.json')}`);
}

main();
