/** The synthetic multi-service log scenario with injected incidents and ground truth. */
export { generateScenario, resolveScenarioOptions } from './scenario.generator.js';
export { writeScenario, type ScenarioFiles } from './scenario.writer.js';
export { scoreIncidents, matchesLabel, normaliseService, type FoundIncident, type IncidentScore, type ScoreOptions } from './scoring/incident.scorer.js';
export { lineLabels } from './scoring/line-labels.js';
export { splitServicePrefix, type PrefixedLine } from './service-prefix.js';
export {
  INCIDENT_KINDS,
  DECOY_KINDS,
  scenarioOptionsSchema,
  type IncidentKind,
  type DecoyKind,
  type IncidentLabel,
  type DecoyLabel,
  type Scenario,
  type ScenarioOptions,
  type ResolvedScenarioOptions,
} from './scenario.types.js';
export { Rng } from './lib/prng.js';
