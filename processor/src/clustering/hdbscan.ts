import { z } from 'zod';
import { reduceDimensions } from './pca.js';

/** HDBSCAN parameters (Campello et al. 2013; defaults as in the reference Python library). */
export const hdbscanConfigSchema = z.object({
  /** Smallest group that counts as a cluster. Default 5. */
  minClusterSize: z.number().int().min(2).default(5),
  /** Neighbours for the core distance (density estimate); defaults to minClusterSize. */
  minSamples: z.number().int().min(1).optional(),
  /** Project to this many principal components first when the input has more dims (speed). Default 32; 0 = never. */
  reduceTo: z.number().int().min(0).default(32),
  /** Only project when there are at least this many points (below, the projection costs more than it saves). Default 1000. */
  reduceAbove: z.number().int().min(0).default(1000),
});
export type HdbscanConfig = z.infer<typeof hdbscanConfigSchema>;

/** Output: one label per point (-1 = noise), a GLOSH-style outlier score and per-cluster members. */
export interface HdbscanResult {
  readonly labels: Int32Array;
  /** In [0,1]: 1 - λ(point leaves) / λmax(its cluster); noise points are usually near 1. */
  readonly outlierScores: Float32Array;
  readonly clusterCount: number;
}

function flatten(points: readonly Float32Array[], dims: number): Float32Array {
  const flat = new Float32Array(points.length * dims);
  points.forEach((p, i) => flat.set(p.subarray(0, dims), i * dims));
  return flat;
}

function sqDist(x: Float32Array, i: number, j: number, d: number): number {
  let s = 0;
  const a = i * d;
  const b = j * d;
  for (let k = 0; k < d; k++) {
    const t = (x[a + k] as number) - (x[b + k] as number);
    s += t * t;
  }
  return s;
}

/** Largest point count whose pairwise distances are kept in a matrix (8 MB of doubles). */
const MATRIX_MAX_POINTS = 1024;

/**
 * All pairwise squared distances (row-major, symmetric), for small inputs: the core distances
 * and the MST then share one O(n²d) pass instead of computing every distance twice.
 */
function pairwise(x: Float32Array, n: number, d: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = sqDist(x, i, j, d);
      m[i * n + j] = v;
      m[j * n + i] = v;
    }
  }
  return m;
}

/** Squared distance to the k-th nearest neighbour (self included, as the reference implementation does). */
function coreDistances(x: Float32Array, n: number, d: number, k: number, m: Float64Array | null): Float64Array {
  const kk = Math.min(k, n) - 1; // neighbours besides self
  const core = new Float64Array(n);
  if (kk <= 0) return core;
  const best = Array.from({ length: n }, () => new Float64Array(kk).fill(Infinity));
  const insert = (arr: Float64Array, v: number): void => {
    if (v >= (arr[kk - 1] as number)) return;
    let p = kk - 1;
    while (p > 0 && (arr[p - 1] as number) > v) {
      arr[p] = arr[p - 1] as number;
      p--;
    }
    arr[p] = v;
  };
  for (let i = 0; i < n; i++) {
    const bi = best[i] as Float64Array;
    for (let j = i + 1; j < n; j++) {
      const v = m === null ? sqDist(x, i, j, d) : (m[i * n + j] as number);
      insert(bi, v);
      insert(best[j] as Float64Array, v);
    }
  }
  // kept squared: all comparisons below happen in squared space, sqrt only on MST edges
  for (let i = 0; i < n; i++) core[i] = (best[i] as Float64Array)[kk - 1] as number;
  return core;
}

/** Prim's MST over the implicit complete mutual-reachability graph: O(n²) time, O(n) memory. */
function mutualReachabilityMst(x: Float32Array, n: number, d: number, core: Float64Array, m: Float64Array | null): Array<[number, number, number]> {
  const inTree = new Uint8Array(n);
  const dist = new Float64Array(n).fill(Infinity);
  const from = new Int32Array(n).fill(-1);
  const edges: Array<[number, number, number]> = [];
  let cur = 0;
  inTree[0] = 1;
  for (let step = 1; step < n; step++) {
    const cc = core[cur] as number;
    let next = -1;
    let nextDist = Infinity;
    for (let j = 0; j < n; j++) {
      if (inTree[j] === 1) continue;
      const mr = Math.max(cc, core[j] as number, m === null ? sqDist(x, cur, j, d) : (m[cur * n + j] as number));
      if (mr < (dist[j] as number)) {
        dist[j] = mr;
        from[j] = cur;
      }
      if ((dist[j] as number) < nextDist) {
        nextDist = dist[j] as number;
        next = j;
      }
    }
    inTree[next] = 1;
    edges.push([from[next] as number, next, Math.sqrt(nextDist)]);
    cur = next;
  }
  return edges.sort((a, b) => a[2] - b[2]);
}

interface LinkageTree {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly height: Float64Array;
  readonly size: Int32Array;
}

/** Single-linkage dendrogram from sorted MST edges; node ids ≥ n are merges. */
function singleLinkage(n: number, edges: Array<[number, number, number]>): LinkageTree {
  const total = 2 * n - 1;
  const parent = new Int32Array(total).map((_, i) => i);
  const find = (a: number): number => {
    let r = a;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[a] !== r) {
      const nx = parent[a] as number;
      parent[a] = r;
      a = nx;
    }
    return r;
  };
  const left = new Int32Array(total).fill(-1);
  const right = new Int32Array(total).fill(-1);
  const height = new Float64Array(total);
  const size = new Int32Array(total).fill(1);
  edges.forEach(([a, b, w], e) => {
    const node = n + e;
    const ra = find(a);
    const rb = find(b);
    left[node] = ra;
    right[node] = rb;
    height[node] = w;
    size[node] = (size[ra] as number) + (size[rb] as number);
    parent[ra] = node;
    parent[rb] = node;
  });
  return { left, right, height, size };
}

function leavesOf(t: LinkageTree, node: number, n: number): number[] {
  const out: number[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const v = stack.pop() as number;
    if (v < n) out.push(v);
    else stack.push(t.left[v] as number, t.right[v] as number);
  }
  return out;
}

interface Condensed {
  readonly parentOf: number[];
  readonly birth: number[];
  readonly stability: number[];
  readonly children: number[][];
  readonly pointCluster: Int32Array;
  readonly pointLambda: Float64Array;
}

/** Condensed cluster tree: splits smaller than minClusterSize are points falling out, not clusters. */
function condense(t: LinkageTree, n: number, mcs: number): Condensed {
  const parentOf = [-1];
  const birth = [0];
  const stability = [0];
  const children: number[][] = [[]];
  const pointCluster = new Int32Array(n);
  const pointLambda = new Float64Array(n);
  const newCluster = (parent: number, lambda: number): number => {
    parentOf.push(parent);
    birth.push(lambda);
    stability.push(0);
    children.push([]);
    (children[parent] as number[]).push(parentOf.length - 1);
    return parentOf.length - 1;
  };
  const fallOut = (node: number, cluster: number, lambda: number): void => {
    for (const p of leavesOf(t, node, n)) {
      pointCluster[p] = cluster;
      pointLambda[p] = lambda;
      stability[cluster] = (stability[cluster] as number) + (lambda - (birth[cluster] as number));
    }
  };
  if (n === 1) {
    fallOut(0, 0, 0);
    return { parentOf, birth, stability, children, pointCluster, pointLambda };
  }
  const stack: Array<[number, number]> = [[2 * n - 2, 0]];
  while (stack.length > 0) {
    const [node, cluster] = stack.pop() as [number, number];
    const h = t.height[node] as number;
    const lambda = h > 0 ? 1 / h : Number.MAX_VALUE;
    const l = t.left[node] as number;
    const r = t.right[node] as number;
    const bigL = (t.size[l] as number) >= mcs;
    const bigR = (t.size[r] as number) >= mcs;
    if (bigL && bigR) {
      for (const c of [l, r]) {
        const id = newCluster(cluster, lambda);
        stability[cluster] = (stability[cluster] as number) + (lambda - (birth[cluster] as number)) * (t.size[c] as number);
        stack.push([c, id]);
      }
      continue;
    }
    for (const c of [l, r]) {
      const big = (t.size[c] as number) >= mcs;
      if (big && c >= n) stack.push([c, cluster]);
      else if (big) fallOut(c, cluster, lambda);
      else fallOut(c, cluster, lambda);
    }
  }
  return { parentOf, birth, stability, children, pointCluster, pointLambda };
}

/** Excess-of-mass selection; the root is never selected (no single all-points cluster). */
function selectClusters(c: Condensed): boolean[] {
  const k = c.parentOf.length;
  const selected = new Array<boolean>(k).fill(false);
  const total = [...c.stability];
  // children always have larger ids than their parent, so reverse id order is bottom-up
  for (let id = k - 1; id >= 1; id--) {
    const kids = c.children[id] as number[];
    const childSum = kids.reduce((s, ch) => s + (total[ch] as number), 0);
    if (kids.length > 0 && childSum > (c.stability[id] as number)) {
      total[id] = childSum;
    } else {
      selected[id] = true;
      const stack = [...kids];
      while (stack.length > 0) {
        const v = stack.pop() as number;
        selected[v] = false;
        stack.push(...(c.children[v] as number[]));
      }
    }
  }
  return selected;
}

/**
 * Clusters `points` with HDBSCAN: k-NN core distances, Prim's MST over mutual reachability,
 * condensed tree and excess-of-mass selection. O(n²·d) time and O(n) memory, which is
 * fine for template embeddings (thousands, not millions).
 */
export function hdbscan(points: readonly Float32Array[], config: Partial<HdbscanConfig> = {}): HdbscanResult {
  const cfg = hdbscanConfigSchema.parse(config);
  const n = points.length;
  if (n === 0) return { labels: new Int32Array(0), outlierScores: new Float32Array(0), clusterCount: 0 };
  const reduce = cfg.reduceTo > 0 && n >= cfg.reduceAbove && (points[0]?.length ?? 0) > cfg.reduceTo;
  const reduced = reduce ? reduceDimensions(points, cfg.reduceTo) : points;
  const d = reduced[0]?.length ?? 0;
  const x = flatten(reduced, d);
  const m = n <= MATRIX_MAX_POINTS ? pairwise(x, n, d) : null;
  const core = coreDistances(x, n, d, cfg.minSamples ?? cfg.minClusterSize, m);
  const tree = singleLinkage(n, n > 1 ? mutualReachabilityMst(x, n, d, core, m) : []);
  const condensed = condense(tree, n, cfg.minClusterSize);
  const selected = selectClusters(condensed);
  const labelOf = new Int32Array(condensed.parentOf.length).fill(-1);
  let next = 0;
  selected.forEach((s, id) => {
    if (s) labelOf[id] = next++;
  });
  return { ...assignLabels(condensed, selected, labelOf, n), clusterCount: next };
}

function assignLabels(c: Condensed, selected: boolean[], labelOf: Int32Array, n: number): Omit<HdbscanResult, 'clusterCount'> {
  const labels = new Int32Array(n).fill(-1);
  const outlierScores = new Float32Array(n);
  const maxLambda = new Float64Array(c.parentOf.length);
  for (let p = 0; p < n; p++) {
    const cl = c.pointCluster[p] as number;
    maxLambda[cl] = Math.max(maxLambda[cl] as number, c.pointLambda[p] as number);
  }
  for (let id = c.parentOf.length - 1; id >= 1; id--) {
    const par = c.parentOf[id] as number;
    maxLambda[par] = Math.max(maxLambda[par] as number, maxLambda[id] as number);
  }
  for (let p = 0; p < n; p++) {
    let cl = c.pointCluster[p] as number;
    const own = cl;
    while (cl > 0 && !selected[cl]) cl = c.parentOf[cl] as number;
    labels[p] = cl > 0 ? (labelOf[cl] as number) : -1;
    const ml = maxLambda[own] as number;
    outlierScores[p] = ml > 0 ? 1 - Math.min(1, (c.pointLambda[p] as number) / ml) : 0;
  }
  return { labels, outlierScores };
}
