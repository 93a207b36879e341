/**
 * Template clustering on real templates: `npx tsx processor/bench/clusters.bench.ts [--data ../shared/datasets]`.
 * Takes the ground-truth templates of the 16 Loghub 2k systems, embeds them with the local GloVe
 * provider and runs clusterTemplates with its defaults. There is no semantic ground truth, so the
 * figure is a proxy: how pure clusters are with respect to the system a template comes from
 * (templates of one system share vocabulary), plus cluster/outlier counts, time and sample labels.
 * Writes bench-results/clusters.json.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { clusterTemplates, type TemplatePoint } from '../src/clustering/index.js';
import { GloveProvider } from '../src/embeddings/glove.provider.js';

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/datasets' } } });
const root = join(resolve(values.data), 'loghub_2k');
if (!existsSync(root)) throw new Error(`no Loghub data at ${root}: pass --data <dir>`);

/** EventTemplate column of a templates CSV (second field; may be quoted). */
function templatesOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.slice(l.indexOf(',') + 1).replace(/^"|"$/g, '').replace(/""/g, '"'));
}

const points: Array<{ system: string; text: string }> = [];
for (const system of readdirSync(root).sort()) {
  const file = join(root, system, `${system}_2k.log_templates.csv`);
  if (existsSync(file)) for (const text of templatesOf(file)) points.push({ system, text });
}
const provider = GloveProvider.load();
const vectors = await provider.embed(points.map((p) => p.text));
const input: TemplatePoint[] = points.map((p, i) => ({ id: String(i), text: p.text, count: 1, vector: vectors[i] as Float32Array }));
const t = performance.now();
const result = clusterTemplates(input);
const ms = performance.now() - t;

const bySystem = new Map<string, number>();
let pure = 0;
let clustered = 0;
for (const c of result.clusters) {
  bySystem.clear();
  for (const id of c.memberIds) {
    const s = points[Number(id)]?.system ?? '';
    bySystem.set(s, (bySystem.get(s) ?? 0) + 1);
  }
  pure += Math.max(...bySystem.values());
  clustered += c.size;
}
const summary = {
  templates: points.length,
  systems: new Set(points.map((p) => p.system)).size,
  clusters: result.clusters.length,
  outliers: result.members.filter((m) => m.clusterId === null).length,
  purity_by_system: +(pure / Math.max(1, clustered)).toFixed(3),
  ms: Math.round(ms),
};
console.table([summary]);
const samples = result.clusters.slice(0, 12).map((c) => ({ id: c.id, size: c.size, label: c.label, representative: points[Number(c.representativeTemplateIds[0])]?.text.slice(0, 70) }));
console.table(samples);
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/clusters.json', JSON.stringify({ at: new Date().toISOString(), summary, samples }, null, 2));
