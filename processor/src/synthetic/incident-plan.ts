import type { IncidentMessageDef, PeriodicDef, ServiceDef, TemplateDef } from './catalog.js';
import type { Rng } from './lib/prng.js';
import { INCIDENT_KINDS, type DecoyKind, type IncidentKind, type ResolvedScenarioOptions } from './scenario.types.js';

/** An incident decided before any line is generated, so generation can apply it as it goes. */
export interface PlannedIncident {
  readonly id: string;
  readonly kind: IncidentKind;
  readonly service: ServiceDef;
  readonly startMs: number;
  readonly endMs: number;
  readonly description: string;
  readonly hint?: string;
  /** Target of a spike / latency shift (a random template) or a disappearance (a periodic one). */
  readonly template?: TemplateDef;
  readonly periodic?: PeriodicDef;
  /** Text of a new-error or semantic-failure incident. */
  readonly message?: IncidentMessageDef;
  /** Spike multiplier, latency scale or traffic factor, by kind; events/minute for injected messages. */
  readonly factor: number;
}

export interface PlannedDecoy {
  readonly id: string;
  readonly kind: DecoyKind;
  readonly service: ServiceDef;
  readonly startMs: number;
  readonly endMs: number;
  readonly description: string;
  readonly hint: string;
  readonly version?: string;
}

export interface Plan {
  readonly incidents: PlannedIncident[];
  readonly decoys: PlannedDecoy[];
  /** Batch-job runs inside the warm-up: normal history that makes later runs recognisable. */
  readonly warmupBatchRuns: number[];
}

const MIN = 60_000;
/** Duration range (minutes) per kind, before clamping to the slot. */
const DURATION: Record<IncidentKind, [number, number]> = {
  new_error: [4, 10],
  rate_spike: [3, 8],
  disappearance: [5, 12],
  latency_shift: [4, 10],
  semantic_failure: [3, 8],
  traffic_drop: [4, 8],
};
const BATCH_EVERY_MIN = 45;

/**
 * The incident kinds to inject: a list as given, or a count. A count takes the five core kinds in a
 * seeded order, then the optional traffic drop, then further seeded rounds of the core kinds.
 */
export function resolveKinds(rng: Rng, incidents: number | readonly IncidentKind[]): IncidentKind[] {
  if (typeof incidents !== 'number') return [...incidents];
  const core = INCIDENT_KINDS.filter((k) => k !== 'traffic_drop');
  const out: IncidentKind[] = [...rng.shuffle(core), 'traffic_drop'];
  while (out.length < incidents) out.push(...rng.shuffle(core));
  return out.slice(0, incidents);
}

type Item = { readonly type: 'incident'; readonly kind: IncidentKind } | { readonly type: 'decoy'; readonly kind: DecoyKind };

/**
 * Places incidents and decoys in disjoint slots after the warm-up, so that no two ground-truth
 * windows overlap (scoring stays unambiguous even for findings without a service).
 */
export function planScenario(rng: Rng, services: readonly ServiceDef[], opts: ResolvedScenarioOptions): Plan {
  const t0 = opts.start.getTime();
  const total = opts.durationMinutes * MIN;
  const usableStart = t0 + total * opts.warmupFraction;
  const usableEnd = t0 + total * 0.97;
  const items: Item[] = resolveKinds(rng, opts.incidents).map((kind) => ({ type: 'incident', kind }));
  const batchService = services.find((s) => s.batchJob !== undefined);
  const warmupBatchRuns: number[] = [];
  if (opts.decoys) {
    if (services.some((s) => s.deploy !== undefined)) items.push({ type: 'decoy', kind: 'deploy' });
    // Capped so that on long timelines the decoys do not crowd the incidents out of the slots.
    const laterRuns = Math.min(4, Math.max(1, Math.round((usableEnd - usableStart) / MIN / BATCH_EVERY_MIN)));
    if (batchService) for (let i = 0; i < laterRuns; i++) items.push({ type: 'decoy', kind: 'batch_burst' });
    const warmupMin = (total * opts.warmupFraction) / MIN;
    if (batchService && warmupMin >= 10) warmupBatchRuns.push(t0 + rng.uniform(0.2, 0.5) * warmupMin * MIN);
  }
  const order = rng.shuffle(items);
  const slot = order.length > 0 ? (usableEnd - usableStart) / order.length : 0;
  const gap = Math.min(2 * MIN, slot * 0.15);
  const used = new Map<string, number>();
  const usedMessages = new Set<IncidentMessageDef>();
  const incidents: PlannedIncident[] = [];
  const decoys: PlannedDecoy[] = [];
  order.forEach((item, i) => {
    const slotStart = usableStart + i * slot + gap;
    const room = Math.max(slot - 2 * gap, MIN / 2);
    if (item.type === 'decoy') {
      decoys.push(planDecoy(rng, services, item.kind, slotStart, room, decoys.length));
      return;
    }
    const [lo, hi] = DURATION[item.kind];
    const duration = Math.min(rng.uniform(lo, hi) * MIN, room);
    const startMs = Math.round(slotStart + rng.uniform(0, room - duration));
    const id = `inc-${incidents.length + 1}`;
    // New-text pools are finite; once spent, a spike (always possible) takes the slot.
    const planned =
      planIncident(rng, services, item.kind, startMs, Math.round(startMs + duration), id, used, usedMessages) ??
      planIncident(rng, services, 'rate_spike', startMs, Math.round(startMs + duration), id, used, usedMessages);
    if (planned) incidents.push(planned);
  });
  // Tiny timelines cannot fit every window: clip to the timeline and drop what no longer fits.
  const end = t0 + total;
  const clip = <T extends { startMs: number; endMs: number }>(x: T): T => ({ ...x, endMs: Math.min(x.endMs, end) });
  return {
    incidents: incidents.map(clip).filter((i) => i.endMs > i.startMs),
    decoys: decoys.map(clip).filter((d) => d.endMs > d.startMs),
    warmupBatchRuns,
  };
}

function planDecoy(rng: Rng, services: readonly ServiceDef[], kind: DecoyKind, slotStart: number, room: number, n: number): PlannedDecoy {
  const id = `decoy-${n + 1}`;
  if (kind === 'deploy') {
    const service = rng.pick(services.filter((s) => s.deploy !== undefined));
    const version = `1.${rng.int(4, 9)}.${rng.int(0, 12)}`;
    const startMs = Math.round(slotStart + rng.uniform(0, Math.max(0, room - MIN)));
    return { id, kind, service, startMs, endMs: startMs + MIN, version, hint: `v${version}`, description: `${service.name} restarted with version ${version}: new but benign startup lines` };
  }
  const service = services.find((s) => s.batchJob !== undefined);
  const job = service?.batchJob;
  if (!service || !job) throw new RangeError('batch decoy planned without a batch job');
  const startMs = Math.round(slotStart + rng.uniform(0, Math.max(0, room - job.durationMin * MIN)));
  return { id, kind, service, startMs, endMs: startMs + job.durationMin * MIN, hint: job.hint, description: `${service.name} runs its export batch job: a benign burst of one known template` };
}

/** Services that can host `kind`, least-used first, so incidents spread across services. */
function candidates(services: readonly ServiceDef[], kind: IncidentKind, used: Map<string, number>, usedMessages: Set<IncidentMessageDef>): ServiceDef[] {
  const ok = services.filter((s) => {
    switch (kind) {
      case 'new_error': return s.newErrors.some((m) => !usedMessages.has(m));
      case 'semantic_failure': return s.semanticFailures.some((m) => !usedMessages.has(m));
      case 'rate_spike': return s.templates.some((t) => t.spike === true);
      case 'latency_shift': return s.templates.some((t) => t.latency === true);
      case 'disappearance': return s.periodic.length > 0;
      case 'traffic_drop': return s.share >= 0.08;
    }
  });
  const min = Math.min(...ok.map((s) => used.get(s.name) ?? 0));
  return ok.filter((s) => (used.get(s.name) ?? 0) === min);
}

function planIncident(
  rng: Rng, services: readonly ServiceDef[], kind: IncidentKind, startMs: number, endMs: number, id: string,
  used: Map<string, number>, usedMessages: Set<IncidentMessageDef>,
): PlannedIncident | undefined {
  const pool = candidates(services, kind, used, usedMessages);
  if (pool.length === 0) return undefined;
  const service = rng.pick(pool);
  used.set(service.name, (used.get(service.name) ?? 0) + 1);
  const base = { id, kind, service, startMs, endMs };
  switch (kind) {
    case 'new_error':
    case 'semantic_failure': {
      const list = kind === 'new_error' ? service.newErrors : service.semanticFailures;
      const message = rng.pick(list.filter((m) => !usedMessages.has(m)));
      usedMessages.add(message);
      const perMin = kind === 'new_error' ? rng.uniform(3, 20) : rng.uniform(1.5, 8);
      return { ...base, message, hint: message.hint, description: message.description, factor: perMin };
    }
    case 'rate_spike': {
      const template = rng.pick(service.templates.filter((t) => t.spike === true));
      const factor = rng.uniform(10, 50);
      return { ...base, template, hint: template.hint, factor, description: `${service.name}: rate of a normally rare ${template.key} line ×${factor.toFixed(0)}` };
    }
    case 'latency_shift': {
      const template = rng.pick(service.templates.filter((t) => t.latency === true));
      const factor = rng.uniform(8, 25);
      return { ...base, template, hint: template.hint, factor, description: `${service.name}: duration in ${template.key} lines ×${factor.toFixed(1)} (same text)` };
    }
    case 'disappearance': {
      // A gap shorter than a few periods would be indistinguishable from jitter.
      const fit = service.periodic.filter((p) => p.everySec * 4 * 1000 <= endMs - startMs);
      const periodic = rng.pick(fit.length > 0 ? fit : service.periodic);
      const end = Math.max(endMs, startMs + periodic.everySec * 4 * 1000);
      return { ...base, endMs: end, periodic, hint: periodic.hint, factor: 0, description: `${service.name}: periodic ${periodic.key} (every ${periodic.everySec}s) stops` };
    }
    case 'traffic_drop': {
      const factor = rng.uniform(0.1, 0.35);
      return { ...base, factor, description: `${service.name}: traffic drops to ${(factor * 100).toFixed(0)}% of normal` };
    }
  }
}
