import { z } from 'zod';
import { normalized } from '../vectors/vector-store.js';
import { clusterLabels } from './cluster-labels.js';
import { hdbscan } from './hdbscan.js';

/** Parameters of a clustering run over template embeddings. */
export const templateClusteringSchema = z.object({
  /** Smallest number of templates that form a cluster. Default 3 (templates, not lines: groups are small). */
  minClusterSize: z.number().int().min(2).max(1000).default(3),
  /** Neighbours for HDBSCAN's density estimate; default = minClusterSize. Higher = more templates called noise. */
  minSamples: z.number().int().min(1).max(1000).optional(),
  /** At most this many templates (the most frequent) are clustered: the algorithm is O(n²). Default 5000. */
  maxTemplates: z.number().int().min(1).max(20_000).default(5000),
  /**
   * A cluster member whose outlier score (GLOSH) reaches this is reported as an outlier too:
   * HDBSCAN keeps points that drift off a cluster's edge in that cluster, however far they are.
   * 0.8 = it left the cluster at a fifth of the density of the cluster's core. Default 0.8; 1 = off.
   */
  outlierScoreThreshold: z.number().min(0).max(1).default(0.8),
  /** Representative templates kept per cluster (closest to the centroid). Default 3. */
  representatives: z.number().int().min(1).max(20).default(3),
});
export type TemplateClusteringParams = z.infer<typeof templateClusteringSchema>;
export type TemplateClusteringInput = z.input<typeof templateClusteringSchema>;

/** A template to cluster: its text and line count name the clusters, its vector places it. */
export interface TemplatePoint {
  readonly id: string;
  readonly text: string;
  readonly count: number;
  readonly vector: Float32Array;
}

export interface TemplateCluster {
  /** `c0`, `c1`, … by size, unique within a run. */
  readonly id: string;
  readonly label: string;
  readonly size: number;
  /** Member ids closest to the centroid first. */
  readonly representativeTemplateIds: string[];
  readonly memberIds: string[];
  /** Unit-length mean direction of the members. */
  readonly centroid: number[];
}

export interface TemplateMembership {
  readonly templateId: string;
  /** Null: a semantic outlier (HDBSCAN noise). */
  readonly clusterId: string | null;
  readonly outlierScore: number;
  readonly nearestClusterId: string | null;
  /** Cosine similarity to the nearest cluster's centroid (own cluster for members). */
  readonly similarity: number | null;
}

export interface TemplateClustering {
  readonly clusters: TemplateCluster[];
  readonly members: TemplateMembership[];
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function centroidOf(vectors: readonly Float32Array[]): Float32Array {
  const d = vectors[0]?.length ?? 0;
  const sum = new Float32Array(d);
  for (const v of vectors) for (let i = 0; i < d; i++) sum[i] = (sum[i] as number) + (v[i] as number);
  return normalized(sum);
}

/**
 * Subtracts the mean vector, then scales to unit length. Averaged word vectors share a large
 * common component (frequent words, the language itself), which squeezes all cosines into a
 * narrow high band; removing it (the "common component removal" step of SIF, Arora et al. 2017,
 * in its mean form) spreads them out again. Measured on a labelled toy set: without it HDBSCAN
 * merged two of three topic groups, with it all three came out (docs/search-and-clusters.md).
 */
function centeredUnit(vectors: readonly Float32Array[]): Float32Array[] {
  const d = vectors[0]?.length ?? 0;
  const mean = new Float64Array(d);
  for (const v of vectors) for (let i = 0; i < d; i++) mean[i] = (mean[i] as number) + (v[i] as number) / vectors.length;
  return vectors.map((v) => normalized(Float32Array.from(v, (x, i) => x - (mean[i] as number))));
}

/**
 * Groups templates by meaning: HDBSCAN over centred unit-length embeddings (Euclidean distance
 * between unit vectors is monotone in cosine distance), then centroids, representatives, c-TF-IDF
 * labels and, for every template, the nearest cluster — which for noise is "what it is least unlike".
 * Similarities reported are cosines in that centred space.
 */
export function clusterTemplates(templates: readonly TemplatePoint[], input: TemplateClusteringInput = {}): TemplateClustering {
  const params = templateClusteringSchema.parse(input);
  const points = templates.slice(0, params.maxTemplates);
  const unit = points.length > 2 ? centeredUnit(points.map((t) => t.vector)) : points.map((t) => normalized(t.vector));
  const result = hdbscan(unit, { minClusterSize: params.minClusterSize, minSamples: params.minSamples });
  // A cluster can lose all its members to the edge rule; empty groups are dropped below.
  const raw = Array.from({ length: result.clusterCount }, () => [] as number[]);
  result.labels.forEach((label, i) => {
    const edge = params.outlierScoreThreshold < 1 && (result.outlierScores[i] as number) >= params.outlierScoreThreshold;
    if (label >= 0 && !edge) raw[label]?.push(i);
  });
  // Largest first, so ids read c0 = biggest; ties by first member for determinism.
  const groups = raw.filter((g) => g.length > 0);
  groups.sort((a, b) => b.length - a.length || (a[0] ?? 0) - (b[0] ?? 0));
  const centroids = groups.map((g) => centroidOf(g.map((i) => unit[i] as Float32Array)));
  const labels = clusterLabels(groups.map((g) => g.map((i) => points[i] as TemplatePoint)));
  const clusters = groups.map((g, c): TemplateCluster => {
    const centroid = centroids[c] as Float32Array;
    const byCloseness = [...g].sort((a, b) => dot(unit[b] as Float32Array, centroid) - dot(unit[a] as Float32Array, centroid) || a - b);
    return {
      id: `c${c}`,
      label: labels[c] as string,
      size: g.length,
      representativeTemplateIds: byCloseness.slice(0, params.representatives).map((i) => (points[i] as TemplatePoint).id),
      memberIds: byCloseness.map((i) => (points[i] as TemplatePoint).id),
      centroid: Array.from(centroid),
    };
  });
  const clusterOf = new Map<number, number>();
  groups.forEach((g, c) => g.forEach((i) => clusterOf.set(i, c)));
  const members = points.map((t, i): TemplateMembership => {
    const own = clusterOf.get(i);
    const nearest = own ?? nearestCentroid(unit[i] as Float32Array, centroids);
    return {
      templateId: t.id,
      clusterId: own === undefined ? null : `c${own}`,
      outlierScore: result.outlierScores[i] as number,
      nearestClusterId: nearest === undefined ? null : `c${nearest}`,
      similarity: nearest === undefined ? null : dot(unit[i] as Float32Array, centroids[nearest] as Float32Array),
    };
  });
  return { clusters, members };
}

function nearestCentroid(v: Float32Array, centroids: readonly Float32Array[]): number | undefined {
  let best: number | undefined;
  let bestScore = -Infinity;
  centroids.forEach((c, i) => {
    const s = dot(v, c);
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  });
  return best;
}
