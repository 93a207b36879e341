/**
 * Tier-1 detectors. Each has a zod config with defaults; `detectorsConfigSchema` groups them
 * so `config.ts` can nest it as one section.
 */
import { z } from 'zod';
import { combinerConfigSchema } from './combiner.js';
import { failureEventConfigSchema } from './failure-event.detector.js';
import { newTemplateConfigSchema } from './new-template.detector.js';
import { paramShiftConfigSchema } from './param-shift.detector.js';
import { rateConfigSchema } from './rate.detector.js';
import { semanticOutlierConfigSchema } from './semantic-outlier.detector.js';
import { sessionConfigSchema } from './session.detector.js';
import { severityConfigSchema } from './severity.detector.js';
import { windowForestConfigSchema } from './window-forest.detector.js';

export type { Detector, DetectorResult, DetectEvent } from './detector.js';
export { squash, noisyOr, median, mad } from './detector.js';
export { NewTemplateDetector, newTemplateConfigSchema, type NewTemplateConfig } from './new-template.detector.js';
export { RateDetector, rateConfigSchema, parseRateKey, type RateConfig, type RateFinding, type RateKeyKind } from './rate.detector.js';
export { WindowForestDetector, windowForestConfigSchema, type WindowForestConfig, type WindowSummary } from './window-forest.detector.js';
export { SemanticOutlierDetector, semanticOutlierConfigSchema, type SemanticOutlierConfig, type TemplateVector, type TemplateCluster } from './semantic-outlier.detector.js';
export { SessionDetector, sessionConfigSchema, type SessionConfig, type SessionInput } from './session.detector.js';
export { SemanticSeverityDetector, severityConfigSchema, type SeverityConfig, type SeverityInput } from './severity.detector.js';
export { ParamShiftDetector, paramShiftConfigSchema, type ParamShiftConfig } from './param-shift.detector.js';
export { FailureEventDetector, failureEventConfigSchema, type FailureEventConfig, type FailureEventInput } from './failure-event.detector.js';
export { IsolationForestModel } from './isolation-forest.js';
export { Combiner, combinerConfigSchema, type CombinerConfig, type LineSignals, type LineWeights, type Verdict } from './combiner.js';

/** Names of the registered tier-1 detectors (switchable in config). */
export const DETECTOR_NAMES = ['new_template', 'rate', 'window_iforest', 'semantic_outlier', 'session', 'semantic_severity', 'param_shift', 'failure_event'] as const;
export type DetectorName = (typeof DETECTOR_NAMES)[number];

/** All detector settings in one section; every field has a default. */
export const detectorsConfigSchema = z.object({
  /** Detectors switched on. Default: all. */
  enabled: z.array(z.enum(DETECTOR_NAMES)).default([...DETECTOR_NAMES]),
  newTemplate: newTemplateConfigSchema.default(newTemplateConfigSchema.parse({})),
  rate: rateConfigSchema.default(rateConfigSchema.parse({})),
  windowForest: windowForestConfigSchema.default(windowForestConfigSchema.parse({})),
  semanticOutlier: semanticOutlierConfigSchema.default(semanticOutlierConfigSchema.parse({})),
  session: sessionConfigSchema.default(sessionConfigSchema.parse({})),
  severity: severityConfigSchema.default(severityConfigSchema.parse({})),
  paramShift: paramShiftConfigSchema.default(paramShiftConfigSchema.parse({})),
  failureEvent: failureEventConfigSchema.default(failureEventConfigSchema.parse({})),
  combiner: combinerConfigSchema.default(combinerConfigSchema.parse({})),
});
export type DetectorsConfig = z.infer<typeof detectorsConfigSchema>;
