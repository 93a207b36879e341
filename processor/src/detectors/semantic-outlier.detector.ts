import { z } from 'zod';
import { hdbscan } from '../clustering/hdbscan.js';
import { cosine } from '../embeddings/embedding-provider.js';
import type { Detector, DetectorResult } from './detector.js';

/** Config of the HDBSCAN-based semantic outlier detector. */
export const semanticOutlierConfigSchema = z.object({
  /** HDBSCAN min cluster size. Default 3. */
  minClusterSize: z.number().int().min(2).default(3),
  /** Templates needed before clustering means anything. Default 10. */
  minTemplates: z.number().int().min(3).default(10),
  /** Recluster when the template count grew by this factor since the last run. Default 1.2. */
  regrowFactor: z.number().min(1).default(1.2),
  /** Nearest templates reported as evidence. Default 3. */
  nearest: z.number().int().min(0).default(3),
});
export type SemanticOutlierConfig = z.infer<typeof semanticOutlierConfigSchema>;

/** A template with its embedding. */
export interface TemplateVector {
  readonly id: string;
  readonly text: string;
  readonly embedding: Float32Array;
}

/** One cluster of templates, with a representative (the member closest to the centroid). */
export interface TemplateCluster {
  readonly label: number;
  readonly members: readonly string[];
  readonly representative: string;
}

const NOT_CLUSTERED: DetectorResult = { score: 0, evidence: { clustered: false } };

/**
 * Clusters template embeddings with HDBSCAN; noise points (-1) are templates unlike any
 * group, i.e. semantic outliers. Reclustering happens when the template set has grown by
 * `regrowFactor`, not per line; unseen templates between runs are judged by distance to
 * the nearest clustered template.
 */
export class SemanticOutlierDetector implements Detector<TemplateVector> {
  readonly name = 'semantic_outlier';
  private readonly templates = new Map<string, TemplateVector>();
  private labels = new Map<string, { label: number; outlier: number; result: DetectorResult }>();
  private clusteredAt = 0;
  private clusterList: TemplateCluster[] = [];
  /** Scores of templates added since the last clustering run, computed once each. */
  private readonly provisional = new Map<string, DetectorResult>();

  private clusterings = 0;

  constructor(private readonly config: SemanticOutlierConfig = semanticOutlierConfigSchema.parse({})) {}

  /** Clustering runs so far: a template's score stays the same until the next one. */
  get version(): number {
    return this.clusterings;
  }

  learn(t: TemplateVector): void {
    if (this.templates.has(t.id)) return;
    this.templates.set(t.id, t);
    const n = this.templates.size;
    if (n >= this.config.minTemplates && n >= this.clusteredAt * this.config.regrowFactor) this.recluster();
  }

  /** Runs HDBSCAN over all templates (also called at end of input). */
  recluster(): void {
    const all = [...this.templates.values()];
    if (all.length < this.config.minTemplates) return;
    this.clusterings++;
    const res = hdbscan(all.map((t) => t.embedding), { minClusterSize: this.config.minClusterSize });
    this.labels = new Map(
      all.map((t, i) => {
        const label = res.labels[i] as number;
        const outlier = res.outlierScores[i] as number;
        const score = label === -1 ? Math.max(0.5, outlier) : 0.5 * outlier;
        return [t.id, { label, outlier, result: { score, evidence: { cluster: label, outlierScore: outlier } } }];
      }),
    );
    this.clusteredAt = all.length;
    this.provisional.clear();
    this.clusterList = this.buildClusters(all, res.labels);
  }

  private buildClusters(all: readonly TemplateVector[], labels: Int32Array): TemplateCluster[] {
    const groups = new Map<number, TemplateVector[]>();
    all.forEach((t, i) => {
      const l = labels[i] as number;
      if (l >= 0) groups.set(l, [...(groups.get(l) ?? []), t]);
    });
    return [...groups.entries()].map(([label, members]) => {
      const dim = members[0]?.embedding.length ?? 0;
      const centroid = new Float32Array(dim);
      for (const m of members) for (let i = 0; i < dim; i++) centroid[i] = (centroid[i] as number) + (m.embedding[i] as number);
      const rep = members.reduce((b, m) => (cosine(m.embedding, centroid) > cosine(b.embedding, centroid) ? m : b));
      return { label, members: members.map((m) => m.id), representative: rep.id };
    });
  }

  get clusters(): readonly TemplateCluster[] {
    return this.clusterList;
  }

  /** Most similar other templates (by cosine), for evidence. */
  nearest(t: TemplateVector, k = this.config.nearest): Array<{ templateId: string; template: string; similarity: number }> {
    const out: Array<{ templateId: string; template: string; similarity: number }> = [];
    for (const o of this.templates.values()) {
      if (o.id === t.id) continue;
      out.push({ templateId: o.id, template: o.text, similarity: cosine(t.embedding, o.embedding) });
    }
    return out.sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }

  score(t: TemplateVector): DetectorResult {
    return this.scoreOf(t.id, t.text, t.embedding);
  }

  /** `score` without an input object (the per-line path): results are cached per template. */
  scoreOf(id: string, text: string, embedding: Float32Array): DetectorResult {
    const known = this.labels.get(id);
    if (known !== undefined) return known.result;
    if (this.labels.size === 0) return NOT_CLUSTERED;
    const cached = this.provisional.get(id);
    if (cached !== undefined) return cached;
    const t: TemplateVector = { id, text, embedding };
    const near = this.nearest(t, 1)[0];
    const sim = near?.similarity ?? 0;
    // not yet clustered: far from every known template ⇒ likely a semantic outlier
    const res = { score: Math.max(0, Math.min(1, (0.9 - sim) / 0.4)), evidence: { cluster: null, nearestSimilarity: sim } };
    this.provisional.set(t.id, res);
    return res;
  }
}
