/**
 * Scores a feature matrix with one of three methods on demand (the seed's
 * `/anomaly-detection/{isolation-forest,z-score,iqr}`), reusing the streaming detectors' maths:
 * the seeded IsolationForest, `statsOf` baselines and the `squash` calibration (0.5 = threshold).
 */
import { z } from 'zod';
import { squash } from './detector.js';
import { IsolationForestModel } from './isolation-forest.js';
import { FEATURE_NAMES } from './log-features.js';
import { statsOf } from './rate-stats.js';

export const DETECTION_METHODS = ['isolation_forest', 'z_score', 'iqr'] as const;
export type DetectionMethod = (typeof DETECTION_METHODS)[number];

/** Method parameters, with the seed's defaults. Unused ones are ignored by the other methods. */
export const detectionParamsSchema = z.object({
  /** Isolation forest: share of lines expected to be anomalous. Default 0.05. */
  contamination: z.number().gt(0).max(0.5).default(0.05),
  /** Isolation forest: trees. Default 100. */
  nEstimators: z.number().int().min(10).max(500).default(100),
  /** Isolation forest: rows per tree (ψ). Default 256, the paper's value. */
  sampleSize: z.number().int().min(16).max(4096).default(256),
  /** Z-score: |z| at or above which a feature is anomalous. Default 3. */
  threshold: z.number().gt(0).max(100).default(3),
  /** IQR: fences at q25 − k·IQR and q75 + k·IQR. Default 1.5 (Tukey). */
  multiplier: z.number().gt(0).max(100).default(1.5),
});
export type DetectionParams = z.infer<typeof detectionParamsSchema>;

/** One line's verdict; `driver` names the feature that deviated most (null for the forest). */
export interface LineScore {
  readonly score: number;
  readonly isAnomaly: boolean;
  readonly driver: string | null;
}

/** Scores every row of `features` (rows of `FEATURE_NAMES`) with `method`. */
export function scoreFeatures(features: readonly number[][], method: DetectionMethod, params: DetectionParams): LineScore[] {
  if (features.length === 0) return [];
  switch (method) {
    case 'isolation_forest':
      return forestScores(features, params);
    case 'z_score':
      return columnScores(features, params.threshold, zDeviation);
    case 'iqr':
      return columnScores(features, params.multiplier, iqrDeviation);
  }
}

function forestScores(features: readonly number[][], params: DetectionParams): LineScore[] {
  const model = new IsolationForestModel(params.nEstimators, params.sampleSize);
  model.fit(features);
  const scores = model.predict(features);
  const sorted = [...scores].sort((a, b) => b - a);
  // strictly above the (k+1)-th score: at most k = contamination·n lines even when scores tie
  // (identical routine lines score identically), like scikit-learn's offset
  const cut = sorted[Math.ceil(params.contamination * scores.length)] ?? -Infinity;
  // and never an ordinary score (≈ 0.5): clean data yields nothing
  return scores.map((score) => ({ score, isAnomaly: score > cut && score >= 0.55, driver: null }));
}

type Deviation = (x: number, stats: ReturnType<typeof statsOf>) => number;

const zDeviation: Deviation = (x, st) => (st.sd > 0 ? Math.abs(x - st.mean) / st.sd : 0);

const iqrDeviation: Deviation = (x, st) => {
  // a constant-quartile column (most lines INFO) falls back to its spread, or is not informative
  const spread = st.q75 - st.q25 > 0 ? st.q75 - st.q25 : 1.349 * st.sd;
  if (!(spread > 0)) return 0;
  if (x > st.q75) return (x - st.q75) / spread;
  if (x < st.q25) return (st.q25 - x) / spread;
  return 0;
};

/** Per-feature deviation against the column's statistics; a line is as deviant as its worst feature. */
function columnScores(features: readonly number[][], threshold: number, deviation: Deviation): LineScore[] {
  const width = features[0]?.length ?? 0;
  const stats = Array.from({ length: width }, (_, j) => statsOf(features.map((row) => row[j] ?? 0), 0));
  return features.map((row) => {
    let worst = 0;
    let driver: string | null = null;
    stats.forEach((st, j) => {
      const d = deviation(row[j] ?? 0, st);
      if (d > worst) {
        worst = d;
        driver = FEATURE_NAMES[j] ?? null;
      }
    });
    return { score: squash(worst, threshold), isAnomaly: worst >= threshold, driver };
  });
}
