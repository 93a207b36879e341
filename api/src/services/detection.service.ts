import { NotFoundError } from '@ailog/processor';
import { FEATURE_NAMES, buildFeatures, type FeatureName, type ScanRow } from '@ailog/processor/detectors/log-features';
import { DETECTION_METHODS, detectionParamsSchema, scoreFeatures, type DetectionMethod } from '@ailog/processor/detectors/on-demand-scorer';
import type { Database } from '@ailog/processor/storage/index';
import { DetectionScanRepository } from '@ailog/processor/storage/repositories/detection-scan.repository';
import { FeedbackRepository } from '@ailog/processor/storage/repositories/feedback.repository';
import { z } from 'zod';
import { requireRole, type Principal } from '../auth/api-key.auth.js';
import { MAX_PAGE } from './log.service.js';
import { parseInput } from './validate.js';

/** Bounds of on-demand detection; both cap the rows read per request. */
export const detectionConfigSchema = z.object({
  /** Lines scanned by `detectAnomalies` at most (newest first in the range). Default 50 000. */
  maxScanRows: z.number().int().min(100).max(1_000_000).default(50_000),
  /** Lines before a scored line that form its baseline in `scoreLog`. Default 10 000. */
  baselineRows: z.number().int().min(50).max(1_000_000).default(10_000),
});
export type DetectionConfig = z.infer<typeof detectionConfigSchema>;

const params = detectionParamsSchema.prefault({});

export const detectInputSchema = z.object({
  method: z.enum(DETECTION_METHODS),
  params,
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  service: z.string().min(1).max(200).optional(),
  /** Anomalies returned at most (highest score first); `total` counts them all. */
  limit: z.number().int().min(1).max(MAX_PAGE).default(100),
});
export type DetectInput = z.input<typeof detectInputSchema>;

export const scoreInputSchema = z.object({
  id: z.string().min(1).max(40),
  method: z.enum(DETECTION_METHODS).default('isolation_forest'),
  params,
});
export type ScoreInput = z.input<typeof scoreInputSchema>;

export interface DetectedLine {
  readonly logId: string;
  readonly anomalyScore: number;
  /** Feature that deviated most (z-score, IQR); null for the isolation forest. */
  readonly driver: string | null;
}

export interface DetectionResult {
  readonly method: DetectionMethod;
  readonly anomalies: DetectedLine[];
  readonly total: number;
  readonly scanned: number;
  /** True when the scan stopped at `maxScanRows`: the oldest lines of the range were not read. */
  readonly truncated: boolean;
}

export interface LineScoreResult extends DetectedLine {
  readonly method: DetectionMethod;
  /** False for a line of a muted template, whatever its score. */
  readonly isAnomaly: boolean;
  readonly features: Readonly<Record<FeatureName, number>>;
  readonly baselineSize: number;
}

function isMuted(row: ScanRow, muted: ReadonlySet<string>): boolean {
  return row.templateId !== null && muted.has(row.templateId);
}

/**
 * On-demand scoring of stored lines, shared by GraphQL and REST; reads only, stores nothing.
 * Admin only: each call fits a model over up to `maxScanRows` lines. Lines of muted templates are
 * scored (they stay in every baseline) but never reported as anomalies, as in the pipeline;
 * false-positive feedback is not applied: its bars belong to the pipeline's detectors, not to
 * these models, whose threshold the caller sets per request.
 */
export class DetectionService {
  private readonly repository: DetectionScanRepository;
  private readonly feedback: FeedbackRepository;
  private readonly config: DetectionConfig;

  constructor(db: Database, config: z.input<typeof detectionConfigSchema> = {}) {
    this.repository = new DetectionScanRepository(db.knex);
    this.feedback = new FeedbackRepository(db.knex);
    this.config = detectionConfigSchema.parse(config);
  }

  async detect(input: DetectInput, principal: Principal): Promise<DetectionResult> {
    requireRole(principal, 'admin');
    const q = parseInput(detectInputSchema, input);
    const rows = await this.repository.scan({ from: q.from, to: q.to, service: q.service }, this.config.maxScanRows);
    const scores = scoreFeatures(buildFeatures(rows), q.method, q.params);
    const muted = new Set(await this.feedback.mutedTemplates());
    const found: DetectedLine[] = [];
    scores.forEach((s, i) => {
      const row = rows[i];
      if (s.isAnomaly && row && !isMuted(row, muted)) found.push({ logId: row.id, anomalyScore: s.score, driver: s.driver });
    });
    found.sort((a, b) => b.anomalyScore - a.anomalyScore || Number(b.logId) - Number(a.logId));
    return {
      method: q.method,
      anomalies: found.slice(0, q.limit),
      total: found.length,
      scanned: rows.length,
      truncated: rows.length === this.config.maxScanRows,
    };
  }

  /** Scores one stored line against the `baselineRows` lines of its service logged up to it. */
  async score(input: ScoreInput, principal: Principal): Promise<LineScoreResult> {
    requireRole(principal, 'admin');
    const q = parseInput(scoreInputSchema, input);
    const target = await this.repository.get(q.id);
    if (!target) throw new NotFoundError('log', q.id);
    const baseline = await this.repository.scan({ to: target.timestamp, service: target.service ?? undefined }, this.config.baselineRows);
    const rows: ScanRow[] = [target, ...baseline.filter((r) => r.id !== target.id)];
    const features = buildFeatures(rows);
    const verdict = scoreFeatures(features, q.method, q.params)[0];
    const own = features[0] ?? [];
    const muted = new Set(await this.feedback.mutedTemplates());
    return {
      logId: target.id,
      method: q.method,
      anomalyScore: verdict?.score ?? 0,
      isAnomaly: (verdict?.isAnomaly ?? false) && !isMuted(target, muted),
      driver: verdict?.driver ?? null,
      features: Object.fromEntries(FEATURE_NAMES.map((name, j) => [name, own[j] ?? 0])) as Record<FeatureName, number>,
      baselineSize: rows.length,
    };
  }
}
