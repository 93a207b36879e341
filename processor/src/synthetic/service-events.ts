import type { Render, ServiceDef } from './catalog.js';
import type { Plan, PlannedIncident } from './incident-plan.js';
import { Rng, cumulativeWeights } from './lib/prng.js';

/** One log event of one service: one or more physical lines at time `t`. */
export interface SynthEvent {
  readonly t: number;
  /** Creation order within the service; breaks ties in the final sort so output is stable. */
  readonly seq: number;
  /** Index of the service in the service list. */
  readonly service: number;
  readonly key: string;
  readonly lines: string[];
  /** Incident or decoy id the event belongs to, if any. */
  readonly tag?: string;
}

export interface ServiceTimeline {
  readonly startMs: number;
  readonly endMs: number;
  /** Mean lines/minute for this service before modulation. */
  readonly perMinute: number;
  /** Global diurnal phase (shared by all services: the whole shop is busier at the same time). */
  readonly phase: number;
  /** Prepended to every physical line (e.g. `payments  | `), here so the unprefixed strings die young. */
  readonly prefix: string;
}

const SLICE_MS = 10_000;
const MIN = 60_000;

/** Normal traffic shape: a slow "diurnal" swing, a per-service wiggle, and short bursts. */
function modulation(rng: Rng, tl: ServiceTimeline): (t: number) => number {
  const wigglePhase = rng.uniform(0, 2 * Math.PI);
  const minutes = (tl.endMs - tl.startMs) / MIN;
  const bursts = Array.from({ length: rng.poisson(minutes / 40) }, () => {
    const s = rng.uniform(tl.startMs, tl.endMs);
    return { s, e: s + rng.uniform(30_000, 90_000), f: rng.uniform(1.3, 1.8) };
  });
  return (t) => {
    const m = (t - tl.startMs) / MIN;
    let f = 1 + 0.25 * Math.sin((2 * Math.PI * m) / 180 + tl.phase) + 0.08 * Math.sin((2 * Math.PI * m) / 37 + wigglePhase);
    for (const b of bursts) if (t >= b.s && t < b.e) f *= b.f;
    return f;
  };
}

function within(inc: { startMs: number; endMs: number }, t: number): boolean {
  return t >= inc.startMs && t < inc.endMs;
}

/** Generates every event of one service over the timeline, applying the planned incidents and decoys. */
export function serviceEvents(def: ServiceDef, index: number, seed: number, tl: ServiceTimeline, plan: Plan): SynthEvent[] {
  const rng = new Rng(seed);
  const mine = plan.incidents.filter((i) => i.service === def);
  const events: SynthEvent[] = [];
  let seq = 0;
  const emit = (t: number, key: string, render: Render, latencyScale = 1, tag?: string, elapsedMs?: number): void => {
    const at = Math.round(t);
    const lines = render(elapsedMs === undefined ? { t: at, rng, latencyScale } : { t: at, rng, latencyScale, elapsedMs });
    for (let i = 0; i < lines.length; i++) {
      const line = tl.prefix + (lines[i] ?? '');
      // Reading a char makes V8 flatten the concatenation tree now, while its pieces are still young.
      line.charCodeAt(line.length - 1);
      lines[i] = line;
    }
    events.push({ t: at, seq: seq++, service: index, key, lines, tag });
  };
  const modulate = modulation(rng, tl);
  randomEvents(def, rng, tl, mine, modulate, emit);
  periodicEvents(def, rng, tl, mine, emit);
  for (const inc of mine) incidentEvents(def, rng, tl, inc, emit);
  decoyEvents(def, rng, plan, emit);
  return events;
}

type Emit = (t: number, key: string, render: Render, latencyScale?: number, tag?: string, elapsedMs?: number) => void;

function randomEvents(def: ServiceDef, rng: Rng, tl: ServiceTimeline, mine: PlannedIncident[], modulate: (t: number) => number, emit: Emit): void {
  const cumulative = cumulativeWeights(def.templates.map((t) => t.weight));
  const perSlice = (tl.perMinute * SLICE_MS) / MIN;
  const drops = mine.filter((i) => i.kind === 'traffic_drop');
  const targeted = mine.filter((i) => i.kind === 'rate_spike' || i.kind === 'latency_shift');
  for (let s = tl.startMs; s < tl.endMs; s += SLICE_MS) {
    let mean = perSlice * modulate(s + SLICE_MS / 2);
    for (const d of drops) if (within(d, s + SLICE_MS / 2)) mean *= d.factor;
    const n = rng.poisson(mean);
    const span = Math.min(SLICE_MS, tl.endMs - s);
    // Sorted arrivals: the final merge sort meets long runs, and per-second header caches hit.
    const times = Array.from({ length: n }, () => s + rng.next() * span).sort((a, b) => a - b);
    for (const t of times) {
      const template = def.templates[rng.weightedIndex(cumulative)];
      if (!template) continue;
      const hit = targeted.find((i) => i.template === template && within(i, t));
      const scale = hit?.kind === 'latency_shift' ? hit.factor : 1;
      emit(t, template.key, template.render, scale, hit?.id);
    }
  }
}

function periodicEvents(def: ServiceDef, rng: Rng, tl: ServiceTimeline, mine: PlannedIncident[], emit: Emit): void {
  for (const p of def.periodic) {
    const gaps = mine.filter((i) => i.kind === 'disappearance' && i.periodic === p);
    const every = p.everySec * 1000;
    for (let tick = tl.startMs + rng.uniform(0, every); tick < tl.endMs; tick += every) {
      const t = tick + rng.uniform(-p.jitterSec, p.jitterSec) * 1000;
      if (t < tl.startMs || gaps.some((g) => within(g, t))) continue;
      emit(t, p.key, p.render);
      const f = p.followUp;
      if (f) {
        const t2 = t + rng.uniform(f.delaySec[0], f.delaySec[1]) * 1000;
        if (t2 < tl.endMs && !gaps.some((g) => within(g, t2))) emit(t2, f.key, f.render, 1, undefined, Math.round(t2) - Math.round(t));
      }
    }
  }
}

/** Extra lines an incident adds: the spike's surplus, or the new messages. */
function incidentEvents(def: ServiceDef, rng: Rng, tl: ServiceTimeline, inc: PlannedIncident, emit: Emit): void {
  let perMin = 0;
  let key = '';
  let render: Render | undefined;
  if (inc.kind === 'rate_spike' && inc.template) {
    const total = def.templates.reduce((sum, t) => sum + t.weight, 0);
    perMin = tl.perMinute * (inc.template.weight / total) * (inc.factor - 1);
    // A spike nobody could see at this volume is not a useful label: give it a floor.
    perMin = Math.max(perMin, 3);
    key = inc.template.key;
    render = inc.template.render;
  } else if ((inc.kind === 'new_error' || inc.kind === 'semantic_failure') && inc.message) {
    perMin = inc.factor;
    key = `${inc.kind}:${inc.message.hint}`;
    render = inc.message.render;
    // Failures start with a first line right away rather than after a random wait.
    emit(inc.startMs + rng.uniform(0, 5000), key, render, 1, inc.id);
  }
  if (!render || perMin <= 0) return;
  const mean = MIN / perMin;
  for (let t = inc.startMs + rng.exponential(mean); t < inc.endMs && t < tl.endMs; t += rng.exponential(mean)) {
    emit(t, key, render, 1, inc.id);
  }
}

function decoyEvents(def: ServiceDef, rng: Rng, plan: Plan, emit: Emit): void {
  const job = def.batchJob;
  if (job) {
    const runs: Array<{ start: number; tag?: string }> = plan.warmupBatchRuns.map((start) => ({ start }));
    for (const d of plan.decoys) if (d.kind === 'batch_burst' && d.service === def) runs.push({ start: d.startMs, tag: d.id });
    const mean = MIN / job.ratePerMin;
    for (const run of runs) {
      const end = run.start + job.durationMin * MIN;
      for (let t = run.start + rng.exponential(mean); t < end; t += rng.exponential(mean)) emit(t, job.key, job.render, 1, run.tag);
    }
  }
  for (const d of plan.decoys) {
    if (d.kind !== 'deploy' || d.service !== def || !def.deploy || d.version === undefined) continue;
    const groups = def.deploy({ t: d.startMs, rng, latencyScale: 1 }, d.version);
    groups.forEach((lines, i) => {
      // Deploy lines carry their own offsets in the text; keep them a few hundred ms apart in order.
      emit(d.startMs + i * 1500, `deploy.${i}`, () => [...lines], 1, d.id);
    });
  }
}
