import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import { BadInputError } from '../domain/errors.js';
import type { Logger } from '../domain/logger.js';
import type { AnomalyBus } from '../exporters/anomaly-bus.exporter.js';
import { FileReceiver, receiverConfigSchema } from '../receivers/index.js';
import { buildPipeline, type RunningPipeline } from '../runtime/build-pipeline.js';
import { ingest } from '../runtime/ingest.js';
import { openDatabase, type Database } from '../storage/index.js';
import { loadApiHost, type ApiHostModule, type HostedApi } from './api-host.js';
import { followFile, untilAborted } from './file-follower.js';
import { startMetricsServer } from './metrics-server.js';
import { ProcessorService, processorServiceConfigSchema } from './processor-service.js';
import { kafkaConfigFrom, runProcessorService } from './run-service.js';

/** What `ailog serve` runs: both (default), only the processor, or only the api. */
export const SERVE_ROLES = ['all', 'processor', 'api'] as const;
export type ServeRole = (typeof SERVE_ROLES)[number];

/** Handed to `onReady`. */
export interface ServeReadyInfo {
  /** `http://host:port` of the api; null for role processor. */
  readonly apiUrl: string | null;
  readonly database: Database['kind'];
  /** The open database (e.g. to issue a session key on PGlite, which admits no second process). */
  readonly db: Database;
}

export interface ServeOptions {
  readonly role: ServeRole;
  /** Embedded mode: a file to tail (`-` = stdin until EOF) into the pipeline. */
  readonly follow?: string;
  /** Service name for followed events that carry none. */
  readonly service?: string;
  /** Overrides `config.receiver.format` for the followed input. */
  readonly format?: string;
  /** Stops the server; default: SIGTERM/SIGINT. */
  readonly signal?: AbortSignal;
  /** Called once everything is up (the CLI prints the banner here). */
  readonly onReady?: (info: ServeReadyInfo) => Promise<void> | void;
  /** How the api module is loaded (tests inject one). */
  readonly loadApi?: () => Promise<ApiHostModule>;
}

/** Refuses flag combinations that would silently do nothing. */
export function checkServeOptions(kafka: boolean, options: Pick<ServeOptions, 'role' | 'follow'>): void {
  if (kafka && options.follow !== undefined) {
    throw new BadInputError('--follow is for the embedded mode; with KAFKA_BOOTSTRAP_SERVERS set, ship logs to the raw topic', 'cli');
  }
  if (!kafka && options.role === 'processor' && options.follow === undefined) {
    throw new BadInputError('--role processor without Kafka needs --follow <file|->: there is nothing else to consume', 'cli');
  }
  if (options.role === 'api' && options.follow !== undefined) throw new BadInputError('--follow needs the processor (role all or processor)', 'cli');
}

/** One promise for "stop now": the caller's signal, else SIGTERM/SIGINT. */
function stopTrigger(signal: AbortSignal | undefined): { readonly stopped: Promise<string>; dispose(): void } {
  let resolveStop!: (reason: string) => void;
  const stopped = new Promise<string>((r) => (resolveStop = r));
  if (signal) {
    if (signal.aborted) resolveStop('aborted');
    signal.addEventListener('abort', () => resolveStop('aborted'), { once: true });
    return { stopped, dispose: () => undefined };
  }
  const onSignal = (name: NodeJS.Signals): void => resolveStop(name);
  // `on`, not `once`: libraries using signal-exit re-raise a signal when they see no other
  // listener left, and a `once` listener is already gone when theirs runs (exit 143, no shutdown).
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    stopped,
    dispose: () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}

/**
 * `ailog serve`. With Kafka: the processor service consuming the raw topic and/or the api.
 * Embedded (no Kafka): the pipeline on the embedded database (optionally tailing `--follow`)
 * and the api over the same database and in-process anomaly bus, in one process — PGlite
 * admits one writer process, so api and processor cannot be split there. Returns the exit code:
 * 0 after a graceful stop, 1 after a fatal processor error.
 */
export async function runServe(config: Config, logger: Logger, options: ServeOptions): Promise<number> {
  const kafka = (config.kafka.brokers?.length ?? 0) > 0;
  checkServeOptions(kafka, options);
  // The processor alone on Kafka is exactly the existing service (own signals and metrics).
  if (kafka && options.role === 'processor') return runProcessorService(config, logger);

  const trigger = stopTrigger(options.signal);
  const closers: Array<() => Promise<void>> = [];
  let code = 0;
  let end: (reason: string) => void = () => undefined;
  const ended = new Promise<string>((r) => (end = r));
  const finish: Finish = (reason, exitCode) => {
    code = Math.max(code, exitCode);
    end(reason);
  };
  try {
    const { db, bus, pipeline } = await startProcessing(config, logger, options, kafka, closers, finish);
    let api: HostedApi | null = null;
    if (options.role !== 'processor') {
      const host = await (options.loadApi ?? loadApiHost)();
      // Same-process bus only for the embedded database; on a server the api LISTENs, which
      // also carries the anomalies of every other processor replica.
      api = await host.startHostedApi({ config, db, logger, pipeline, ...(bus && db.kind === 'pglite' && { bus }) });
      closers.push(() => api?.close() ?? Promise.resolve());
    }
    await options.onReady?.({ apiUrl: api?.url ?? null, database: db.kind, db });
    const reason = await Promise.race([trigger.stopped, ended]);
    logger.info({ reason }, 'ailog serve stopping');
  } finally {
    trigger.dispose();
    for (const close of closers.reverse()) {
      await close().catch((error: unknown) => logger.warn({ err: error }, 'shutdown step failed'));
    }
  }
  return code;
}

/** Ends the server from inside: a fatal error (1) or input that ran out (0). */
type Finish = (reason: string, exitCode: number) => void;

interface Processing {
  readonly db: Database;
  readonly bus: AnomalyBus | null;
  /** The pipeline in this process, whose vector index and LLM runtime the api shares. */
  readonly pipeline?: Pick<RunningPipeline, 'vectors' | 'llm' | 'embeddingProvider'>;
}

/** Opens the database and, unless role is api, starts the processor; registers closers in start order. */
async function startProcessing(
  config: Config,
  logger: Logger,
  options: ServeOptions,
  kafka: boolean,
  closers: Array<() => Promise<void>>,
  finish: Finish,
): Promise<Processing> {
  if (options.role === 'api') {
    const db = await openDatabase(config.storage, logger);
    closers.push(() => db.close());
    return { db, bus: null };
  }
  if (kafka) {
    const db = await openDatabase(config.storage, logger);
    closers.push(() => db.close());
    const metrics = await startMetricsServer(config.metrics, logger);
    closers.push(() => metrics.close());
    const service = await ProcessorService.create({
      config,
      kafka: kafkaConfigFrom(config),
      logger,
      db,
      service: processorServiceConfigSchema.parse({ consumer: { sessionTimeoutMs: config.kafka.sessionTimeoutMs } }),
      onFatal: (error) => {
        logger.error({ err: error }, 'processor service failed');
        finish('fatal', 1);
      },
    });
    closers.push(() => service.shutdown());
    await service.start();
    return { db, bus: service.running.bus, pipeline: service.running };
  }
  const running = await buildPipeline({ config, logger });
  closers.push(() => running.close());
  running.sweeper.start();
  if (options.follow !== undefined) closers.push(startFollowing(config, logger, options, running, options.follow, finish));
  return { db: running.db, bus: running.bus, pipeline: running };
}

/** Starts ingesting the followed input in the background; returns its closer (stop, then wait). */
function startFollowing(
  config: Config,
  logger: Logger,
  options: ServeOptions,
  running: RunningPipeline,
  follow: string,
  finish: Finish,
): () => Promise<void> {
  const stop = new AbortController();
  const stdin = follow === '-';
  const receiver = new FileReceiver(follow, {
    config: receiverConfigSchema.parse({ format: options.format ?? config.receiver.format, batchSize: config.pipeline.batchSize }),
    service: options.service,
    logger,
    // A file's stream id is stable across restarts (re-reading it stores nothing twice); stdin is a new stream per run.
    ...(stdin
      ? { input: untilAborted(process.stdin, stop.signal), streamId: `stdin:${randomUUID()}` }
      : { input: followFile(follow, { signal: stop.signal }), streamId: `follow:${resolve(follow)}` }),
  });
  const done = ingest(receiver.records(), running, { queueCapacity: config.pipeline.queueCapacity, signal: stop.signal }).then(
    (result) => {
      logger.info({ follow, lines: receiver.stats.linesRead, ...result.totals }, stdin ? 'stdin ingested; still serving' : 'follow stopped');
      // Role processor on stdin has nothing left to do at EOF; with the api, serving goes on.
      if (stdin && options.role === 'processor') finish('stdin ended', 0);
    },
    (error: unknown) => {
      logger.error({ err: error, follow }, 'ingesting the followed input failed');
      finish('ingest failed', 1);
    },
  );
  return async () => {
    stop.abort();
    await done;
  };
}

/**
 * Serves the api over an already running embedded pipeline until stopped (`ailog demo --serve`):
 * the demo's database and bus, so the browser sees exactly what the report described.
 */
export async function serveRunningPipeline(
  config: Config,
  logger: Logger,
  running: Pick<RunningPipeline, 'db' | 'bus' | 'vectors' | 'llm' | 'embeddingProvider'>,
  options: Pick<ServeOptions, 'signal' | 'onReady' | 'loadApi'> = {},
): Promise<void> {
  const trigger = stopTrigger(options.signal);
  try {
    const host = await (options.loadApi ?? loadApiHost)();
    const api = await host.startHostedApi({ config, db: running.db, logger, bus: running.bus, pipeline: running });
    try {
      await options.onReady?.({ apiUrl: api.url, database: running.db.kind, db: running.db });
      logger.info({ reason: await trigger.stopped }, 'ailog serve stopping');
    } finally {
      await api.close();
    }
  } finally {
    trigger.dispose();
  }
}
