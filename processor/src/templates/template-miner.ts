import type { TemplateAssignment } from '../pipeline/stage.js';
import { parseMinerConfig, type MinerConfig } from './miner-config.js';
import { fit, mergeTokens } from './similarity.js';
import { matchSpans } from './span-matcher.js';
import { templateId } from './template-id.js';
import { TokenMasker, WILDCARD, type MaskedLine } from './token-masker.js';
import { positionalParams, spanParams } from './template-params.js';
import { TemplateIndex, type Cluster } from './template-index.js';
import { restoreState, snapshotState, type MinerSnapshot } from './miner-snapshot.js';

/** Result of mining one line; compatible with the pipeline's `TemplateAssignment`. */
export interface MinerResult extends TemplateAssignment {
  readonly id: string;
  readonly text: string;
  readonly params: string[];
  readonly isNew: boolean;
  /** Previous id when this line generalised an existing template (old id → `id`). */
  readonly aliasOf?: string;
}

/** Public view of one template. */
export interface TemplateInfo {
  readonly id: string;
  readonly text: string;
  readonly count: number;
  readonly firstSeenSeq: number;
  readonly lastSeenSeq: number;
}

/** Most aliases kept, as a multiple of `maxTemplates` (older ones are dropped first). */
const ALIAS_FACTOR = 2;
/** Most masked line shapes remembered for the fast path. */
const SHAPE_CACHE_LIMIT = 100_000;
const PLAIN_WORD_RE = /^[A-Za-z]+$/;

/**
 * Online template miner (Drain family): one pass, bounded memory, stable ids.
 * Lines are masked, then matched against same-length templates (Drain's similarity with
 * guards against merging different meanings), then against templates whose `<*>` may span
 * several tokens (multi-word variables). Templates only ever generalise; each
 * generalisation yields a new id and an alias old → new.
 */
export class TemplateMiner {
  readonly config: MinerConfig;
  private readonly masker: TokenMasker;
  private readonly index = new TemplateIndex();
  private readonly aliasMap = new Map<string, string>();
  private readonly shapeCache = new Map<string, Cluster>();
  private seq = 0;

  constructor(config: Partial<MinerConfig> = {}) {
    this.config = parseMinerConfig(config);
    this.masker = new TokenMasker(this.config);
  }

  /** Mine one message: assign (and possibly create or generalise) its template. */
  add(message: string): MinerResult {
    this.seq++;
    const line = this.masker.mask(message, this.config.maxTokens);
    const shape = line.masked.join(' ');
    const cached = this.fromCache(shape, line);
    if (cached !== null) {
      cached.cluster.count++;
      cached.cluster.lastSeenSeq = this.seq;
      return cached.result;
    }
    const r = this.addSlow(line);
    const live = this.index.byId(r.id);
    if (live !== undefined) this.remember(shape, live);
    return r;
  }

  private addSlow(line: MaskedLine): MinerResult {
    const hit = this.findSameLength(line.masked, true) ?? this.findSpanning(line.masked);
    if (hit === null) return this.mergeSiblings(line) ?? this.create(line);
    const cluster = hit.cluster;
    cluster.count++;
    cluster.lastSeenSeq = this.seq;
    if (hit.spans !== null) return result(cluster, spanParams(cluster.tokens, line, hit.spans), false);
    const aliasOf = this.generalise(cluster, line.masked);
    let live = this.index.byId(cluster.id) ?? cluster;
    if (aliasOf !== undefined) live = this.absorbCovered(live);
    return result(live, positionalParams(live.tokens, line), false, aliasOf);
  }

  /**
   * Most lines repeat a masked shape seen before; templates only generalise, so the template
   * that took a shape still covers it (or was folded into one that does, found via aliases).
   */
  private fromCache(shape: string, line: MaskedLine): { cluster: Cluster; result: MinerResult } | null {
    const c = this.shapeCache.get(shape);
    if (c === undefined) return null;
    const live = this.index.byId(c.id) === c ? c : this.index.byId(this.resolve(c.id));
    if (live === undefined) return null;
    if (live.tokens.length === line.masked.length) {
      return { cluster: live, result: result(live, positionalParams(live.tokens, line), false) };
    }
    const spans = matchSpans(live.tokens, line.masked);
    return spans === null ? null : { cluster: live, result: result(live, spanParams(live.tokens, line, spans), false) };
  }

  private remember(shape: string, c: Cluster): void {
    // Bounded memory: start over rather than track recency per entry.
    if (this.shapeCache.size >= SHAPE_CACHE_LIMIT) this.shapeCache.clear();
    this.shapeCache.set(shape, c);
  }

  /** Read-only lookup: the template the message fits without any change, else null. */
  match(message: string): MinerResult | null {
    const line = this.masker.mask(message, this.config.maxTokens);
    const cached = this.fromCache(line.masked.join(' '), line);
    if (cached !== null) return cached.result;
    const hit = this.findSameLength(line.masked, false) ?? this.findSpanning(line.masked);
    if (hit === null) return null;
    const params = hit.spans === null ? positionalParams(hit.cluster.tokens, line) : spanParams(hit.cluster.tokens, line, hit.spans);
    return result(hit.cluster, params, false);
  }

  /** Live templates. */
  templates(): TemplateInfo[] {
    return this.index.all().map((c) => ({
      id: c.id,
      text: c.text,
      count: c.count,
      firstSeenSeq: c.firstSeenSeq,
      lastSeenSeq: c.lastSeenSeq,
    }));
  }

  /** Old id → newer id, for every generalisation (follow with `resolve`). */
  aliases(): ReadonlyMap<string, string> {
    return this.aliasMap;
  }

  /** Follow aliases from an id to the current id (the id itself when not aliased). */
  resolve(id: string): string {
    let current = id;
    for (let hops = 0; hops < 1_000; hops++) {
      const next = this.aliasMap.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  /** JSON-serialisable state; restore with `TemplateMiner.restore`. */
  snapshot(): MinerSnapshot {
    return snapshotState(this.seq, this.index.all(), this.aliasMap);
  }

  /** Rebuild a miner from a snapshot; ids are recomputed, so they match the saved ones. */
  static restore(snapshot: MinerSnapshot, config: Partial<MinerConfig> = {}): TemplateMiner {
    const miner = new TemplateMiner(config);
    const state = restoreState(snapshot);
    miner.seq = state.seq;
    for (const c of state.clusters) miner.index.insert(c);
    for (const [from, to] of state.aliases) miner.aliasMap.set(from, to);
    return miner;
  }

  private findSameLength(masked: string[], allowChange: boolean): Hit | null {
    let best: Cluster | null = null;
    let bestScore = -1;
    for (const c of this.index.candidates(masked, this.config.maxCandidates)) {
      const f = fit(c.tokens, masked);
      const ok = allowChange
        ? f.hard === 0 && f.equal > 0 && f.score >= this.config.similarityThreshold
        : fitsUnchanged(c.tokens, masked);
      const score = f.score + f.equal * 1e-6;
      if (ok && score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best === null ? null : { cluster: best, spans: null };
  }

  /**
   * A line that differs from existing templates only in plain words at the same positions:
   * once `minWordVariants` distinct variants exist, those positions are variables and the
   * variants merge into one template (Brain's idea: many values ⇒ variable).
   */
  private mergeSiblings(line: MaskedLine): MinerResult | null {
    const groups = new Map<string, Cluster[]>();
    // Any first token: a varying first word (`com.apple.a:` / `com.apple.b:`) is a variable too.
    for (const c of this.index.sameLength(line.masked.length, this.config.maxCandidates)) {
      const f = fit(c.tokens, line.masked);
      if (f.hard === 0 || f.stateClash || f.equal === 0 || f.score < this.config.similarityThreshold) continue;
      // A plain first word is usually the event's verb or subject (`boot` / `wait`), not a value.
      if (f.hardKey.startsWith('0,') && (PLAIN_WORD_RE.test(line.masked[0] ?? '') || PLAIN_WORD_RE.test(c.tokens[0] ?? ''))) {
        continue;
      }
      const g = groups.get(f.hardKey);
      if (g === undefined) groups.set(f.hardKey, [c]);
      else g.push(c);
    }
    let siblings: Cluster[] | undefined;
    for (const g of groups.values()) if (siblings === undefined || g.length > siblings.length) siblings = g;
    if (siblings === undefined || siblings.length + 1 < this.config.minWordVariants) return null;
    const [target, ...rest] = siblings as [Cluster, ...Cluster[]];
    target.count++;
    target.lastSeenSeq = this.seq;
    const aliasOf = this.generalise(target, line.masked);
    let live = this.index.byId(target.id) ?? target;
    for (const other of rest) live = this.absorb(live, other);
    live = this.absorbCovered(live);
    return result(live, positionalParams(live.tokens, line), false, aliasOf);
  }

  /**
   * After a template generalised, fold in same-length templates it now covers, so lines
   * split before the generalisation (`[node_A8]` before `[<*>]` existed) end up together.
   */
  private absorbCovered(target: Cluster): Cluster {
    let live = target;
    const covered: Cluster[] = [];
    for (const c of this.index.candidates(live.tokens, this.config.maxCandidates)) {
      if (c !== live && fitsUnchanged(live.tokens, c.tokens)) covered.push(c);
    }
    for (const c of covered) live = this.absorb(live, c);
    return live;
  }

  /** Fold `other` into `target` (same length), generalising as needed; returns the live result. */
  private absorb(target: Cluster, other: Cluster): Cluster {
    this.index.remove(other);
    target.count += other.count;
    target.firstSeenSeq = Math.min(target.firstSeenSeq, other.firstSeenSeq);
    target.lastSeenSeq = Math.max(target.lastSeenSeq, other.lastSeenSeq);
    this.generalise(target, other.tokens);
    const live = this.index.byId(target.id) ?? target;
    this.addAlias(other.id, live.id);
    return live;
  }

  private findSpanning(masked: string[]): Hit | null {
    for (const c of this.index.spanCandidates(masked, this.config.maxCandidates)) {
      if (c.tokens.length >= masked.length || !anchoredEnough(c.tokens)) continue;
      const spans = matchSpans(c.tokens, masked);
      if (spans !== null) return { cluster: c, spans };
    }
    return null;
  }

  private create(line: MaskedLine): MinerResult {
    const tokens = line.masked.slice();
    const text = tokens.join(' ');
    const id = templateId(text);
    // Same text already live, or generalised into a live template: reuse it, so an id
    // never names two templates and aliases never point away from a live template.
    const existing = this.index.byId(id) ?? this.index.byId(this.resolve(id));
    if (existing === undefined) this.aliasMap.delete(id);
    else {
      existing.count++;
      existing.lastSeenSeq = this.seq;
      return result(existing, positionalParams(existing.tokens, line), false);
    }
    const cluster: Cluster = { id, tokens, text, count: 1, firstSeenSeq: this.seq, lastSeenSeq: this.seq };
    this.index.insert(cluster);
    this.evictIfNeeded();
    return result(cluster, positionalParams(tokens, line), true);
  }

  /** Turn differing positions into wildcards; returns the old id when the text changed. */
  private generalise(cluster: Cluster, masked: readonly string[]): string | undefined {
    let changed = false;
    const tokens = cluster.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as string;
      const m = masked[i] as string;
      if (t === m || t === WILDCARD) continue;
      const merged = mergeTokens(t, m);
      if (merged !== t) {
        tokens[i] = merged;
        changed = true;
      }
    }
    if (!changed) return undefined;
    const oldId = cluster.id;
    this.index.remove(cluster);
    cluster.text = tokens.join(' ');
    cluster.id = templateId(cluster.text);
    // The new id is live now: an older alias from it would send lookups away.
    this.aliasMap.delete(cluster.id);
    const twin = this.index.byId(cluster.id);
    if (twin !== undefined) {
      twin.count += cluster.count;
      twin.firstSeenSeq = Math.min(twin.firstSeenSeq, cluster.firstSeenSeq);
      twin.lastSeenSeq = Math.max(twin.lastSeenSeq, cluster.lastSeenSeq);
    } else {
      this.index.insert(cluster);
    }
    this.addAlias(oldId, cluster.id);
    return oldId;
  }

  private addAlias(from: string, to: string): void {
    if (from === to) return;
    this.aliasMap.set(from, to);
    const limit = this.config.maxTemplates * ALIAS_FACTOR;
    while (this.aliasMap.size > limit) {
      const oldest = this.aliasMap.keys().next().value;
      if (oldest === undefined) break;
      this.aliasMap.delete(oldest);
    }
  }

  private evictIfNeeded(): void {
    if (this.index.size <= this.config.maxTemplates) return;
    // Evict ~1% at once so the O(n log n) scan is amortised over many inserts.
    const victims = this.index
      .all()
      .sort((a, b) => a.lastSeenSeq - b.lastSeenSeq)
      .slice(0, Math.max(1, Math.ceil(this.config.maxTemplates / 100)));
    for (const v of victims) this.index.remove(v);
  }
}

interface Hit {
  readonly cluster: Cluster;
  readonly spans: number[] | null;
}

function result(c: Cluster, params: string[], isNew: boolean, aliasOf?: string): MinerResult {
  return aliasOf === undefined
    ? { id: c.id, text: c.text, params, isNew }
    : { id: c.id, text: c.text, params, isNew, aliasOf };
}

/**
 * A template may absorb multi-word variables only when constants dominate it; otherwise
 * a short all-wildcard template would swallow unrelated lines.
 */
function anchoredEnough(tokens: readonly string[]): boolean {
  let constants = 0;
  for (const t of tokens) if (t !== WILDCARD) constants++;
  return constants >= 2 && constants * 2 >= tokens.length;
}

/** True when every position already fits: equal, under a wildcard, or a more general token. */
function fitsUnchanged(template: readonly string[], masked: readonly string[]): boolean {
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    const m = masked[i] as string;
    if (t !== m && t !== WILDCARD && mergeTokens(t, m) !== t) return false;
  }
  return true;
}
