import { WILDCARD } from './token-masker.js';

/** A live template and its statistics (mutable inside the miner only). */
export interface Cluster {
  id: string;
  tokens: string[];
  text: string;
  count: number;
  firstSeenSeq: number;
  lastSeenSeq: number;
  /** Index keys, set while the cluster is indexed. */
  bucketKey?: string;
  spanKey?: string;
}

const SEP = '\u0001';

/** Bucket key of a first token: plain words key the bucket; anything variable-looking shares one. */
function firstKey(token: string | undefined): string {
  if (token === undefined) return '';
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 42) return WILDCARD;
  }
  return token;
}

/**
 * Lookup structure of the miner: templates bucketed by (length, first token) as in Drain's
 * tree, a second index by first token for templates whose wildcards may span several tokens,
 * and an id map.
 */
export class TemplateIndex {
  private readonly buckets = new Map<string, Cluster[]>();
  private readonly spanBuckets = new Map<string, Cluster[]>();
  private readonly ids = new Map<string, Cluster>();
  private readonly byLength = new Map<number, Cluster[]>();

  get size(): number {
    return this.ids.size;
  }

  byId(id: string): Cluster | undefined {
    return this.ids.get(id);
  }

  all(): Cluster[] {
    return [...this.ids.values()];
  }

  insert(c: Cluster): void {
    const first = firstKey(c.tokens[0]);
    c.bucketKey = `${c.tokens.length}${SEP}${first}`;
    push(this.buckets, c.bucketKey, c);
    pushLen(this.byLength, c.tokens.length, c);
    if (c.tokens.includes(WILDCARD)) {
      c.spanKey = first;
      push(this.spanBuckets, c.spanKey, c);
    }
    this.ids.set(c.id, c);
  }

  remove(c: Cluster): void {
    if (c.bucketKey !== undefined) pull(this.buckets, c.bucketKey, c);
    if (c.spanKey !== undefined) pull(this.spanBuckets, c.spanKey, c);
    if (c.bucketKey !== undefined) pullLen(this.byLength, c.tokens.length, c);
    c.bucketKey = undefined;
    c.spanKey = undefined;
    if (this.ids.get(c.id) === c) this.ids.delete(c.id);
  }

  /** Same-length templates starting with the same token or with a wildcard, newest first. */
  *candidates(masked: readonly string[], max: number): Generator<Cluster> {
    const len = masked.length;
    let left = max;
    const key = firstKey(masked[0]);
    for (const first of key === WILDCARD ? [WILDCARD] : [key, WILDCARD]) {
      const bucket = this.buckets.get(`${len}${SEP}${first}`);
      if (bucket === undefined) continue;
      for (let i = bucket.length - 1; i >= 0 && left > 0; i--, left--) yield bucket[i] as Cluster;
    }
  }

  /** Same-length templates whatever their first token, newest first (for word-variant merging). */
  *sameLength(length: number, max: number): Generator<Cluster> {
    const list = this.byLength.get(length);
    if (list === undefined) return;
    for (let i = list.length - 1, left = max; i >= 0 && left > 0; i--, left--) yield list[i] as Cluster;
  }

  /** Templates with whole-token wildcards that could absorb a multi-word variable. */
  *spanCandidates(masked: readonly string[], max: number): Generator<Cluster> {
    let left = max;
    const key = firstKey(masked[0]);
    const firsts = key === WILDCARD ? [WILDCARD] : [key, WILDCARD];
    for (const first of firsts) {
      const bucket = this.spanBuckets.get(first);
      if (bucket === undefined) continue;
      for (let i = bucket.length - 1; i >= 0 && left > 0; i--, left--) yield bucket[i] as Cluster;
    }
  }
}

function push(map: Map<string, Cluster[]>, key: string, c: Cluster): void {
  const bucket = map.get(key);
  if (bucket === undefined) map.set(key, [c]);
  else bucket.push(c);
}

function pull(map: Map<string, Cluster[]>, key: string, c: Cluster): void {
  const bucket = map.get(key);
  if (bucket === undefined) return;
  const i = bucket.indexOf(c);
  if (i >= 0) bucket.splice(i, 1);
  if (bucket.length === 0) map.delete(key);
}

function pushLen(map: Map<number, Cluster[]>, key: number, c: Cluster): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [c]);
  else list.push(c);
}

function pullLen(map: Map<number, Cluster[]>, key: number, c: Cluster): void {
  const list = map.get(key);
  if (list === undefined) return;
  const i = list.lastIndexOf(c);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) map.delete(key);
}
