/** Rate keys: what the rate detector counts (templates, services, template lines per level). */
import type { DetectEvent } from './detector.js';
import type { HistoryStats } from './rate-stats.js';

/** What a rate key counts: a template, a service, or a template's lines at one level ≥ WARN. */
export type RateKeyKind = 'template' | 'service' | 'level';

/**
 * Levels counted separately per template: an access-log template shared by 200s and 502s
 * (the receiver logs 5xx at ERROR) spikes in its ERROR lines long before its total moves.
 */
export const TRACKED_LEVELS: ReadonlySet<string> = new Set(['WARN', 'ERROR', 'FATAL']);

/** Splits a rate key into its kind, the template id or service name, and the level (level keys). */
export function parseRateKey(key: string): { kind: RateKeyKind; id: string; level: string | null } {
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon) as RateKeyKind;
  const rest = key.slice(colon + 1);
  if (kind !== 'level') return { kind, id: rest, level: null };
  const bar = rest.indexOf('|');
  return { kind, id: rest.slice(bar + 1), level: rest.slice(0, bar) };
}

/**
 * What the rate detector keeps per key for the per-line path, in one record: a line reaches
 * its keys' counts, histories and statistics without a map lookup each.
 */
export interface RateKeyState {
  readonly key: string;
  /** Lines in the open window; meaningful while `seq` is the detector's window number. */
  count: number;
  seq: number;
  /** The key's window history (the array the detector's history map holds), if it has one. */
  hist: number[] | undefined;
  /** Statistics of `hist`; meaningful while `statsSeq` is the detector's window number. */
  stats: HistoryStats | undefined;
  statsSeq: number;
  /** Service key of the key's last line (template and level keys), to net out service load. */
  service: string | undefined;
}

export function newRateKeyState(key: string): RateKeyState {
  return { key, count: 0, seq: -1, hist: undefined, stats: undefined, statsSeq: -1, service: undefined };
}

/** The key states of one event: its template, its template at a tracked level, its service. */
export interface EventKeys {
  readonly template: RateKeyState;
  readonly level: RateKeyState | null;
  readonly service: RateKeyState | null;
}

/** A template's key states, and those of its last line's level and service. */
interface TemplateKeys {
  readonly template: RateKeyState;
  readonly levels: Map<string, RateKeyState>;
  severity: string | null;
  level: RateKeyState | null;
  service: string | null;
  serviceState: RateKeyState | null;
}

/**
 * Every rate key seen, interned, with its state. A template mostly logs at one level from one
 * service, so resolving a line's keys usually costs one lookup in all; no key string is built
 * or hashed per line.
 */
export class RateKeyIndex {
  private readonly states = new Map<string, RateKeyState>();
  private readonly names = new Map<string, Map<string, string>>();
  private readonly templates = new Map<string, TemplateKeys>();
  private readonly services = new Map<string, RateKeyState>();
  // score() and learn() see the same event back to back: its keys are resolved once
  private lastEvent: DetectEvent | null = null;
  private readonly last: { template: RateKeyState; level: RateKeyState | null; service: RateKeyState | null } = { template: newRateKeyState(''), level: null, service: null };

  /** `template:<id>`, `service:<name>` or `level:<LEVEL>|<id>`, interned. */
  name(kind: RateKeyKind, id: string, level = ''): string {
    const space = kind === 'level' ? level : kind;
    let byId = this.names.get(space);
    if (byId === undefined) this.names.set(space, (byId = new Map<string, string>()));
    let k = byId.get(id);
    if (k === undefined) {
      k = kind === 'level' ? `level:${level}|${id}` : `${kind}:${id}`;
      byId.set(id, k);
    }
    return k;
  }

  /** The state of `key`, created empty on first use. */
  state(key: string): RateKeyState {
    let ks = this.states.get(key);
    if (ks === undefined) this.states.set(key, (ks = newRateKeyState(key)));
    return ks;
  }

  find(key: string): RateKeyState | undefined {
    return this.states.get(key);
  }

  /** The key states of an event (the returned object is reused for the next event). */
  of(e: DetectEvent): EventKeys {
    const k = this.last;
    if (e === this.lastEvent) return k;
    this.lastEvent = e;
    let tk = this.templates.get(e.templateId);
    if (tk === undefined) {
      tk = { template: this.state(this.name('template', e.templateId)), levels: new Map(), severity: null, level: null, service: null, serviceState: null };
      this.templates.set(e.templateId, tk);
    }
    k.template = tk.template;
    if (e.severity !== tk.severity) {
      tk.severity = e.severity;
      tk.level = TRACKED_LEVELS.has(e.severity) ? this.levelState(tk, e.templateId, e.severity) : null;
    }
    k.level = tk.level;
    if (e.service === null) {
      k.service = null;
    } else {
      if (e.service !== tk.service || tk.serviceState === null) {
        tk.service = e.service;
        tk.serviceState = this.serviceState(e.service);
      }
      k.service = tk.serviceState;
    }
    return k;
  }

  private levelState(tk: TemplateKeys, templateId: string, level: string): RateKeyState {
    let lk = tk.levels.get(level);
    if (lk === undefined) tk.levels.set(level, (lk = this.state(this.name('level', templateId, level))));
    return lk;
  }

  private serviceState(service: string): RateKeyState {
    let sk = this.services.get(service);
    if (sk === undefined) this.services.set(service, (sk = this.state(this.name('service', service))));
    return sk;
  }
}
