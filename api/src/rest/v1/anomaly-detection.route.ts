import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { principalOf } from '../../http/auth.middleware.js';
import type { DetectionResult, LineScoreResult } from '../../services/detection.service.js';
import type { Services } from '../../services/index.js';
import { parseInput } from '../../services/validate.js';

/** URL segment → service method name. */
export const DETECTION_PATHS = { 'isolation-forest': 'isolation_forest', 'z-score': 'z_score', iqr: 'iqr' } as const;

const text = z.string().trim().min(1);

/** The seed's snake_case method parameters (all optional; unused ones are ignored by the method). */
export const detectionParamsBody = z.object({
  contamination: z.number().optional(),
  n_estimators: z.number().optional(),
  sample_size: z.number().optional(),
  threshold: z.number().optional(),
  multiplier: z.number().optional(),
});

/** Body of `POST /logs/anomaly-detection/{method}`. */
export const detectBody = detectionParamsBody.extend({
  start_time: text.optional(),
  end_time: text.optional(),
  service: text.optional(),
  limit: z.number().optional(),
});

/** Body of `POST /logs/anomaly-detection/score/{log_id}`. */
export const scoreBody = detectionParamsBody.extend({
  method: z.enum(Object.keys(DETECTION_PATHS) as [keyof typeof DETECTION_PATHS]).optional(),
});

function paramsOf(b: z.infer<typeof detectionParamsBody>): Record<string, number | undefined> {
  return { contamination: b.contamination, nEstimators: b.n_estimators, sampleSize: b.sample_size, threshold: b.threshold, multiplier: b.multiplier };
}

function bodyOf(req: Request): unknown {
  // an empty POST means "all defaults"
  return (req.body as unknown) ?? {};
}

function toSeedDetection(result: DetectionResult): Record<string, unknown> {
  return {
    anomalies: result.anomalies.map((a) => ({ log_id: a.logId, anomaly_score: a.anomalyScore, driver: a.driver })),
    total: result.total,
    method: result.method,
    logs_scanned: result.scanned,
    truncated: result.truncated,
  };
}

function toSeedScore(result: LineScoreResult): Record<string, unknown> {
  return {
    log_id: result.logId,
    anomaly_score: result.anomalyScore,
    is_anomaly: result.isAnomaly,
    method: result.method,
    driver: result.driver,
    features: result.features,
    baseline_size: result.baselineSize,
  };
}

/**
 * `/api/v1/logs/anomaly-detection/*`: on-demand detection over stored logs (admin only, checked
 * by `DetectionService` for GraphQL and REST alike).
 */
export function anomalyDetectionRouter(services: Services, maxBodyBytes = 100_000): Router {
  const router = Router();
  router.use('/logs/anomaly-detection', express.json({ limit: maxBodyBytes }));

  router.post('/logs/anomaly-detection/score/:logId', async (req, res) => {
    const b = parseInput(scoreBody, bodyOf(req));
    const result = await services.detection.score({
      id: req.params.logId,
      method: b.method === undefined ? undefined : DETECTION_PATHS[b.method],
      params: paramsOf(b),
    }, principalOf(res));
    res.json(toSeedScore(result));
  });

  for (const [path, method] of Object.entries(DETECTION_PATHS)) {
    router.post(`/logs/anomaly-detection/${path}`, async (req, res) => {
      const b = parseInput(detectBody, bodyOf(req));
      const result = await services.detection.detect({
        method,
        params: paramsOf(b),
        from: b.start_time,
        to: b.end_time,
        service: b.service,
        limit: b.limit,
      }, principalOf(res));
      res.json(toSeedDetection(result));
    });
  }
  return router;
}
