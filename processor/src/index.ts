/**
 * `@ailog/processor`: the domain library. The api workspace imports from here (or from a
 * subpath such as `@ailog/processor/storage/index`); domain code lives only in this package.
 */
export * from './domain/errors.js';
export * from './domain/anomaly.js';
export * from './domain/log-record.js';
export { createLogger, silentLogger, type Logger } from './domain/logger.js';
export { configSchema, loadConfig, parseConfig, ENV_VARIABLES, type Config } from './config.js';
export * from './pipeline/stage.js';
export { Pipeline, toPipelineRecords, type PipelineTotals, type StageObserver } from './pipeline/pipeline.js';
export { InProcessQueue } from './pipeline/in-process-queue.js';
export { AnomalyBus, AnomalyBusExporter, type AnomalyListener } from './exporters/anomaly-bus.exporter.js';
export { buildPipeline, createEmbeddingProvider, type RunningPipeline } from './runtime/build-pipeline.js';
export { ingest, type IngestResult } from './runtime/ingest.js';
export { groupIncidents, type Incident } from './runtime/incident-grouping.js';
