import { ConfigError } from '../domain/errors.js';
import type { ServiceDef } from './catalog.js';
import { planScenario, type Plan } from './incident-plan.js';
import { Rng } from './lib/prng.js';
import { scenarioOptionsSchema, type DecoyLabel, type IncidentLabel, type ResolvedScenarioOptions, type Scenario, type ScenarioOptions } from './scenario.types.js';
import { serviceEvents, type SynthEvent } from './service-events.js';
import { SERVICES } from './services/index.js';

/** Validates options and applies defaults; every problem is reported at once. */
export function resolveScenarioOptions(options: ScenarioOptions = {}): ResolvedScenarioOptions {
  const parsed = scenarioOptionsSchema.safeParse(options);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `synthetic.${i.path.join('.')}: ${i.message}`));
  return parsed.data;
}

/**
 * Generates a multi-service log scenario with injected incidents, decoys and ground truth.
 * Deterministic: the same options (seed included) give identical lines and labels.
 */
export function generateScenario(options: ScenarioOptions = {}): Scenario {
  const opts = resolveScenarioOptions(options);
  const services = SERVICES;
  const planRng = new Rng(opts.seed);
  const plan = planScenario(planRng, services, opts);
  const startMs = opts.start.getTime();
  const endMs = startMs + opts.durationMinutes * 60_000;
  const phase = planRng.uniform(0, 2 * Math.PI);
  const totalShare = services.reduce((sum, s) => sum + s.share, 0);
  const width = Math.max(...services.map((s) => s.name.length));
  // Each service draws from its own stream so one service's volume never shifts another's output.
  const perService = services.map((def, i) =>
    serviceEvents(def, i, (opts.seed * 31 + i * 7919) | 0, { startMs, endMs, perMinute: (opts.linesPerMinute * def.share) / totalShare, phase, prefix: opts.prefix === 'service' ? `${def.name.padEnd(width)} | ` : '' }, plan),
  );
  return assemble(services, perService, plan, opts);
}

function assemble(services: readonly ServiceDef[], perService: SynthEvent[][], plan: Plan, opts: ResolvedScenarioOptions): Scenario {
  const all = mergeByTime(perService);
  const names = services.map((s) => s.name);
  const lines: string[] = [];
  const lineServices: string[] = [];
  const lineTemplates: string[] = [];
  const lineTimes: number[] = [];
  const byTag = new Map<string, number[]>();
  // Interned so 100k+ lines share a few hundred key strings instead of allocating one each.
  const keys = new Map<string, string>();
  for (const event of all) {
    const name = names[event.service] ?? 'unknown';
    const raw = `${name}/${event.key}`;
    const key = keys.get(raw) ?? keys.set(raw, raw).get(raw) ?? raw;
    const tagged = event.tag === undefined ? undefined : (byTag.get(event.tag) ?? byTag.set(event.tag, []).get(event.tag));
    for (const line of event.lines) {
      lines.push(line);
      lineServices.push(name);
      lineTemplates.push(key);
      lineTimes.push(event.t);
      tagged?.push(lines.length);
    }
  }
  const iso = (ms: number): string => new Date(ms).toISOString();
  const labels: IncidentLabel[] = plan.incidents.map((i) => ({
    id: i.id,
    kind: i.kind,
    service: i.service.name,
    start: iso(i.startMs),
    end: iso(i.endMs),
    description: i.description,
    ...(i.hint === undefined ? {} : { templateHint: i.hint }),
    lineNumbers: byTag.get(i.id) ?? [],
  }));
  const decoys: DecoyLabel[] = plan.decoys.map((d) => ({
    id: d.id,
    kind: d.kind,
    service: d.service.name,
    start: iso(d.startMs),
    end: iso(d.endMs),
    description: d.description,
    templateHint: d.hint,
    lineNumbers: byTag.get(d.id) ?? [],
  }));
  return { lines, labels, decoys, services: services.map((s) => s.name), lineServices, lineTemplates, lineTimes, options: opts };
}

/**
 * Merges the per-service event lists into one list ordered by (time, service, seq). Each list is
 * sorted first (it is a few long sorted runs, cheap for the engine's merge sort); a k-way merge over
 * eight lists then avoids a comparator-driven sort of the whole scenario.
 */
function mergeByTime(perService: SynthEvent[][]): SynthEvent[] {
  for (const events of perService) events.sort((a, b) => a.t - b.t || a.seq - b.seq);
  const heads = perService.map(() => 0);
  const total = perService.reduce((n, events) => n + events.length, 0);
  const out: SynthEvent[] = [];
  for (let n = 0; n < total; n++) {
    let best = -1;
    let bestT = Infinity;
    for (let k = 0; k < perService.length; k++) {
      const e = perService[k]?.[heads[k] ?? 0];
      // Strict `<` keeps the lower service index first on equal times.
      if (e !== undefined && e.t < bestT) {
        best = k;
        bestT = e.t;
      }
    }
    const e = perService[best]?.[heads[best] ?? 0];
    if (e === undefined) break;
    out.push(e);
    heads[best] = (heads[best] ?? 0) + 1;
  }
  return out;
}
