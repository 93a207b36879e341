import { Router } from 'express';
import { principalOf } from '../../http/auth.middleware.js';
import type { Services } from '../../services/index.js';

/**
 * Tier-2 routes: explain an anomaly now (admin; HTTP 429 BUDGET_EXCEEDED when the day is spent)
 * and today's LLM budget. Thin over the same service as GraphQL.
 */
export function explanationsRouter(services: Services): Router {
  const router = Router();

  router.post('/anomalies/:id/explain', async (req, res) => {
    // admin only: ExplanationService checks the role, for GraphQL and REST alike
    const anomaly = await services.explanations.explainAnomaly(req.params.id, principalOf(res));
    res.json({
      id: anomaly.id,
      status: anomaly.status,
      explanation: anomaly.explanation,
      explanation_source: anomaly.explanationSource,
    });
  });

  router.get('/llm/budget', async (_req, res) => {
    const b = await services.explanations.budget();
    res.json({ day: b.day, spent_usd: b.spentUsd, limit_usd: b.limitUsd, remaining_usd: b.remainingUsd, exceeded: b.exceeded });
  });

  return router;
}
