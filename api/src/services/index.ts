import type { Logger } from '@ailog/processor';
import type { EmbeddingProvider } from '@ailog/processor/embeddings/index';
import type { LlmRuntime } from '@ailog/processor/llm/index';
import { Redactor } from '@ailog/processor/processors/redact/index';
import type { Database } from '@ailog/processor/storage/index';
import type { VectorStore } from '@ailog/processor/vectors/index';
import { ClusterService } from './cluster.service.js';
import { AnomalyService } from './anomaly.service.js';
import { DetectionService, type DetectionConfig } from './detection.service.js';
import { ExplanationService, fallbackOnlyRuntime } from './explanation.service.js';
import { FeedbackService } from './feedback.service.js';
import { LogService } from './log.service.js';
import { SemanticSearchService } from './semantic-search.service.js';
import { TemplateService } from './template.service.js';
import { TemplateSeriesService } from './template-series.service.js';
import { TraceLinkService, type TraceLinkConfigInput } from './trace-link.service.js';

/** Everything resolvers and REST routes call; neither holds logic of its own. */
export interface Services {
  readonly logs: LogService;
  readonly anomalies: AnomalyService;
  readonly templates: TemplateService;
  readonly templateSeries: TemplateSeriesService;
  readonly traceLinks: TraceLinkService;
  readonly detection: DetectionService;
  readonly feedback: FeedbackService;
  readonly clusters: ClusterService;
  readonly explanations: ExplanationService;
  /** Absent without an embedding provider; semantic log searches are then refused as unavailable. */
  readonly semanticSearch?: SemanticSearchService;
}

/** What the services are built from; optional parts are absent in slimmer set-ups (tests, benches). */
export interface ServiceDeps {
  readonly db: Database;
  /** Tempo/Grafana URLs for `anomaly.traceUrl`; absent → no links. */
  readonly traceLinks?: TraceLinkConfigInput;
  /** Row caps of on-demand detection; absent → `detectionConfigSchema` defaults. */
  readonly detection?: Partial<DetectionConfig>;
  /** The processor's embedding provider: enables semantic search and fixes the space clustering reads. */
  readonly embeddingProvider?: EmbeddingProvider;
  /** Template vector store shared with an in-process pipeline; default: an embedded index loaded from the cache. */
  readonly vectors?: VectorStore;
  readonly logger?: Logger;
  /** PII redaction with the configured allow-lists (`createRedactor`); defaults to the built-in rules. */
  readonly redact?: (text: string) => string;
  /** Tier-2 LLM runtime (budget, explainer, root cause); absent → model off, fallback explanations only. */
  readonly llm?: LlmRuntime;
}

/** The built-in redaction rules, for set-ups that do not pass the configured redactor. */
function defaultRedact(): (text: string) => string {
  const redactor = new Redactor();
  return (text) => redactor.redact(text).text;
}

export function createServices(deps: ServiceDeps): Services {
  const { db, embeddingProvider: provider } = deps;
  const semanticSearch = provider ? new SemanticSearchService({ db, provider, vectors: deps.vectors, logger: deps.logger, redact: deps.redact ?? defaultRedact() }) : undefined;
  const clusters = new ClusterService({ db, logger: deps.logger, ...(provider && { space: { provider: provider.name, model: provider.model } }) });
  return { clusters, semanticSearch, logs: new LogService(db, semanticSearch), anomalies: new AnomalyService(db), templates: new TemplateService(db), templateSeries: new TemplateSeriesService(db), traceLinks: new TraceLinkService(deps.traceLinks), detection: new DetectionService(db, deps.detection), feedback: new FeedbackService(db), explanations: new ExplanationService(db, deps.llm ?? fallbackOnlyRuntime(db, deps.logger)) };
}
