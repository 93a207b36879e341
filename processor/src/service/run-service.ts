import type { Config } from '../config.js';
import { ConfigError } from '../domain/errors.js';
import type { Logger } from '../domain/logger.js';
import { kafkaConfigSchema, type KafkaConfig } from '../kafka/index.js';
import { createTracing } from '../telemetry/tracing.js';
import { startMetricsServer } from './metrics-server.js';
import { ProcessorService, processorServiceConfigSchema } from './processor-service.js';

/** The Kafka layer's config from the one application config; fails when no brokers are set. */
export function kafkaConfigFrom(config: Config): KafkaConfig {
  const { brokers, clientId, groupId, rawTopic, processedTopic, anomaliesTopic, dlqTopic } = config.kafka;
  if (brokers === undefined || brokers.length === 0) throw new ConfigError(['KAFKA_BOOTSTRAP_SERVERS: required by the processor service']);
  return kafkaConfigSchema.parse({
    brokers: [...brokers],
    clientId,
    groupId,
    topics: { raw: rawTopic, processed: processedTopic, anomalies: anomaliesTopic, dlq: dlqTopic },
  });
}

/** Signals that mean "stop": SIGTERM from orchestrators, SIGINT from a terminal. */
const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Runs the processor service until SIGTERM/SIGINT (graceful: exit code 0) or a fatal consumer
 * error (exit code 1, so a supervisor restarts it at the last commit). Resolves with the exit
 * code; the caller exits.
 */
export async function runProcessorService(config: Config, logger: Logger): Promise<number> {
  // No OTLP endpoint → the no-op tracer (the default).
  const tracing = createTracing(config.telemetry, { scope: 'ailog-processor', logger });
  const service = await ProcessorService.create({
    tracing,
    config,
    kafka: kafkaConfigFrom(config),
    logger,
    service: processorServiceConfigSchema.parse({ consumer: { sessionTimeoutMs: config.kafka.sessionTimeoutMs } }),
    onFatal: (error) => stop('fatal', error),
  });
  let resolveStop!: (code: number) => void;
  const stopped = new Promise<number>((resolve) => (resolveStop = resolve));
  function stop(reason: string, error?: unknown): void {
    logger.info({ reason, err: error }, 'processor service stopping');
    resolveStop(error === undefined ? 0 : 1);
  }
  const onSignal = (signal: NodeJS.Signals): void => stop(signal);
  for (const signal of STOP_SIGNALS) process.once(signal, onSignal);
  let metrics: Awaited<ReturnType<typeof startMetricsServer>> | null = null;
  try {
    metrics = await startMetricsServer(config.metrics, logger);
    await service.start();
    const code = await stopped;
    await service.shutdown();
    return code;
  } catch (error) {
    await service.shutdown().catch((closeError: unknown) => logger.warn({ err: closeError }, 'shutdown after a failed start failed'));
    throw error;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    await metrics?.close();
    await tracing.shutdown();
  }
}
