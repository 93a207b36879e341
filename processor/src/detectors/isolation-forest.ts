/**
 * A seeded IsolationForest (Liu, Ting & Zhou 2008): same data and seed ⇒ same scores, so
 * findings do not change from run to run (the npm packages draw from `Math.random`).
 */

/** A leaf (how many training rows reached it) or a split, with the range its rows spanned on that feature. */
type Node =
  | { readonly size: number }
  | { readonly feature: number; readonly split: number; readonly lo: number; readonly hi: number; readonly left: Node; readonly right: Node };

/** mulberry32: small, fast, good enough to pick features and split points. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Average path length of an unsuccessful BST search among n points: the normaliser c(n). */
function avgPath(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + 0.5772156649) - (2 * (n - 1)) / n;
}

/**
 * A fitted tree in flat arrays (node 0 is the root; a leaf has feature −1 and its path bonus
 * in `split`): scoring walks typed arrays instead of objects of two shapes.
 */
interface FlatTree {
  readonly feature: Int32Array;
  readonly split: Float64Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
}

function nodeCount(n: Node): number {
  return 'feature' in n ? 1 + nodeCount(n.left) + nodeCount(n.right) : 1;
}

function flatten(root: Node): FlatTree {
  const size = nodeCount(root);
  const t: FlatTree = {
    feature: new Int32Array(size), split: new Float64Array(size), lo: new Float64Array(size), hi: new Float64Array(size),
    left: new Int32Array(size), right: new Int32Array(size),
  };
  let next = 0;
  const put = (n: Node): number => {
    const at = next++;
    if ('feature' in n) {
      t.feature[at] = n.feature;
      t.split[at] = n.split;
      t.lo[at] = n.lo;
      t.hi[at] = n.hi;
      t.left[at] = put(n.left);
      t.right[at] = put(n.right);
    } else {
      t.feature[at] = -1;
      t.split[at] = avgPath(n.size);
    }
    return at;
  };
  put(root);
  return t;
}

/** IsolationForest with subsampling (ψ = `sampleSize`) and a fixed seed. */
export class IsolationForestModel {
  private trees: FlatTree[] = [];
  private psi = 0;

  constructor(
    private readonly treeCount = 100,
    private readonly sampleSize = 256,
    private readonly seed = 42,
  ) {}

  /** Fits a fresh forest on `rows` (refits are deterministic: the seed restarts). */
  fit(rows: readonly number[][]): void {
    this.grow(rows, null);
  }

  /**
   * `fit(rows)`, then `predict(rows)`. When every tree is grown on every row (ψ ≥ rows), a
   * training row's path is the leaf it was partitioned into (it lies inside every range on its
   * way, and `< split` sends it the same way in both), so its path lengths are summed while
   * growing, tree by tree as `predict` sums them: the same scores without walking the forest again.
   */
  fitScored(rows: readonly number[][]): number[] {
    const paths = new Float64Array(rows.length);
    if (!this.grow(rows, paths)) return this.predict(rows);
    if (this.trees.length === 0) return [];
    const c = avgPath(this.psi) || 1;
    return Array.from(paths, (total) => 2 ** (-(total / this.trees.length) / c));
  }

  /** Grows the forest; true when `paths` (if given) now holds every row's summed path length. */
  private grow(rows: readonly number[][], paths: Float64Array | null): boolean {
    const rnd = prng(this.seed);
    this.psi = Math.min(this.sampleSize, rows.length);
    const limit = Math.ceil(Math.log2(Math.max(2, this.psi)));
    const width = rows[0]?.length ?? 0;
    const { data, complete } = matrix(rows, width);
    // a missing value reads NaN here but 0 in `predict`: then only `predict` gives its scores
    const scored = paths !== null && complete && this.psi === rows.length;
    // scratch shared by every node: row indices partitioned in place, and the feature draw order
    const ctx: GrowContext = {
      data, idx: new Int32Array(this.psi), order: Int32Array.from({ length: width }, (_, i) => i), drawn: new Int32Array(width), width, limit, rnd,
      constant: new Uint8Array((limit + 1) * width), paths: scored ? paths : null,
    };
    this.trees = Array.from({ length: this.treeCount }, () => {
      sampleInto(rows.length, this.psi, rnd, ctx.idx);
      return flatten(grow(ctx, 0, this.psi, 0));
    });
    return scored;
  }

  get fitted(): boolean {
    return this.trees.length > 0;
  }

  /** Anomaly scores 2^(−E[h]/c(ψ)): ≈ 0.5 ordinary, → 1 isolated; empty before `fit`. */
  predict(rows: readonly number[][]): number[] {
    if (this.trees.length === 0) return [];
    const c = avgPath(this.psi) || 1;
    return rows.map((row) => {
      let total = 0;
      for (const t of this.trees) total += pathLength(t, row);
      return 2 ** (-(total / this.trees.length) / c);
    });
  }
}

/**
 * Rows as one row-major matrix, so growing scans a typed array. A row shorter than `width` reads
 * NaN past its end, which compares like the `undefined` a plain array would give (never in range);
 * `complete` is false when that happened.
 */
function matrix(rows: readonly number[][], width: number): { data: Float64Array; complete: boolean } {
  const data = new Float64Array(rows.length * width);
  let complete = true;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as number[];
    for (let f = 0; f < width; f++) {
      const v = row[f] as number | undefined | null;
      if (v === undefined || v === null) complete = false;
      data[r * width + f] = v ?? Number.NaN;
    }
  }
  return { data, complete };
}

interface GrowContext {
  /** Training rows, row-major (`width` values each). */
  readonly data: Float64Array;
  readonly idx: Int32Array;
  /** The feature draw order: the identity between nodes (a node undoes its own draws). */
  readonly order: Int32Array;
  /** Positions of `order` the current node's draws overwrote. */
  readonly drawn: Int32Array;
  readonly width: number;
  readonly limit: number;
  readonly rnd: () => number;
  /**
   * Per depth, the features found constant in the node being grown at that depth (row `depth`
   * of `width` flags): constant in a node means constant in all its descendants, so their draws
   * skip the scan (the draw itself still happens: the random sequence must not change).
   */
  readonly constant: Uint8Array;
  /** Summed path length of each training row over the trees so far, or null. */
  readonly paths: Float64Array | null;
}

/** Grows a tree over the rows `idx[from..to)`, partitioning that slice in place. */
function grow(ctx: GrowContext, from: number, to: number, depth: number): Node {
  const size = to - from;
  if (depth >= ctx.limit || size <= 1) return leaf(ctx, from, to, depth);
  const { data, idx, order, drawn, width, rnd, constant } = ctx;
  const known = depth * width;
  if (depth === 0) constant.fill(0, 0, width);
  else constant.copyWithin(known, known - width, known);
  // draw features in random order until one varies in this node (O(rows) per draw, not O(rows × width))
  for (let k = 0; k < width; k++) {
    const j = k + Math.floor(rnd() * (width - k));
    const f = order[j] as number;
    order[j] = order[k] as number;
    drawn[k] = j;
    if (constant[known + f] === 1) continue;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to; i++) {
      const v = data[(idx[i] as number) * width + f] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi > lo) {
      restoreOrder(order, drawn, k + 1);
      return splitNode(ctx, from, to, depth, f, lo, hi);
    }
    constant[known + f] = 1;
  }
  restoreOrder(order, drawn, width);
  return leaf(ctx, from, to, depth);
}

/** A leaf of the rows `idx[from..to)`; their path lengths are added up if asked for. */
function leaf(ctx: GrowContext, from: number, to: number, depth: number): Node {
  const size = to - from;
  const paths = ctx.paths;
  if (paths !== null) {
    // the value `pathLength` returns at this leaf
    const length = depth + avgPath(size);
    for (let i = from; i < to; i++) {
      const r = ctx.idx[i] as number;
      paths[r] = (paths[r] as number) + length;
    }
  }
  return { size };
}

/**
 * Puts the draw order back to the identity after `draws` draws: only the drawn positions were
 * written, so this costs the draws made, not a reset of every feature per node.
 */
function restoreOrder(order: Int32Array, drawn: Int32Array, draws: number): void {
  for (let k = 0; k < draws; k++) {
    const j = drawn[k] as number;
    order[j] = j;
  }
}

function splitNode(ctx: GrowContext, from: number, to: number, depth: number, feature: number, lo: number, hi: number): Node {
  const split = lo + ctx.rnd() * (hi - lo);
  const { data, idx, width } = ctx;
  // rows below the split first; order inside a node does not matter to the tree
  let mid = from;
  for (let i = from; i < to; i++) {
    const r = idx[i] as number;
    if ((data[r * width + feature] as number) < split) {
      idx[i] = idx[mid] as number;
      idx[mid++] = r;
    }
  }
  const left = grow(ctx, from, mid, depth + 1);
  const right = grow(ctx, mid, to, depth + 1);
  return { feature, split, lo, hi, left, right };
}

function pathLength(t: FlatTree, row: readonly number[]): number {
  let n = 0;
  let d = 0;
  for (let f = t.feature[0] as number; f >= 0; f = t.feature[n] as number) {
    const v = row[f] ?? 0;
    // outside the range the node's rows spanned: a split drawn over the range including this
    // point would have cut it off here (otherwise it would inherit the extreme rows' depth)
    if (v < (t.lo[n] as number) || v > (t.hi[n] as number)) return d + 1;
    n = v < (t.split[n] as number) ? (t.left[n] as number) : (t.right[n] as number);
    d++;
  }
  return d + (t.split[n] as number);
}

/** ψ row indices drawn without replacement (partial Fisher–Yates), written to `out`. */
function sampleInto(n: number, k: number, rnd: () => number, out: Int32Array): void {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rnd() * (n - i));
    const t = idx[i] as number;
    idx[i] = idx[j] as number;
    idx[j] = t;
  }
  out.set(idx.subarray(0, k));
}
