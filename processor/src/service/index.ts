/** The Kafka processor service: consume `logs-raw`, run the pipeline, publish, commit. */
export {
  ProcessorService,
  processorServiceConfigSchema,
  type ProcessorServiceConfig,
  type ProcessorServiceOptions,
  type ProcessorServiceStats,
} from './processor-service.js';
export { kafkaConfigFrom, runProcessorService } from './run-service.js';
export { metricsServerConfigSchema, startMetricsServer, type MetricsServer, type MetricsServerConfig } from './metrics-server.js';
