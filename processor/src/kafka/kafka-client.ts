import { Kafka, logLevel, type Admin, type Consumer, type KafkaConfig as KafkaJsConfig, type LogEntry, type Producer, type SASLOptions } from 'kafkajs';
import { z } from 'zod';
import type { Logger } from '../domain/logger.js';

/** Comma-separated string or array → trimmed, non-empty broker list. */
const brokerList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((b) => b.trim()).filter((b) => b !== ''))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d+$/, 'broker must be host:port')).min(1, 'at least one broker'));

/** Topic names; defaults are the wire contract with shippers (`logs-raw`) and the api. */
export const topicNamesSchema = z.object({
  raw: z.string().min(1).default('logs-raw'),
  processed: z.string().min(1).default('logs-processed'),
  anomalies: z.string().min(1).default('anomalies'),
  dlq: z.string().min(1).default('logs-dlq'),
});

/**
 * Kafka connection and topic settings. Defaults: clientId `ailog`, groupId `log-processor-group`,
 * topics `logs-raw`/`logs-processed` (3 partitions each), `anomalies`/`logs-dlq` (1 partition),
 * replication factor 1, no TLS, no SASL.
 */
export const kafkaConfigSchema = z.object({
  brokers: brokerList,
  clientId: z.string().min(1).default('ailog'),
  groupId: z.string().min(1).default('log-processor-group'),
  topics: topicNamesSchema.default({ raw: 'logs-raw', processed: 'logs-processed', anomalies: 'anomalies', dlq: 'logs-dlq' }),
  partitions: z
    .object({
      raw: z.int().min(1).default(3),
      processed: z.int().min(1).default(3),
      anomalies: z.int().min(1).max(3).default(1),
      dlq: z.int().min(1).max(3).default(1),
    })
    .default({ raw: 3, processed: 3, anomalies: 1, dlq: 1 }),
  replicationFactor: z.int().min(1).default(1),
  /** TLS to the brokers; `true` uses the system CA store. Default false. */
  ssl: z.boolean().default(false),
  /** SASL credentials; absent = no SASL. */
  sasl: z
    .object({
      mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
      username: z.string().min(1),
      password: z.string().min(1),
    })
    .optional(),
  /** Default 3000 ms. */
  connectionTimeoutMs: z.int().positive().default(3000),
  /** Default 30000 ms. */
  requestTimeoutMs: z.int().positive().default(30_000),
});

export type KafkaConfig = z.infer<typeof kafkaConfigSchema>;
export type KafkaConfigInput = z.input<typeof kafkaConfigSchema>;

/*
 * kafkajs shapes re-exported under our names: code outside kafka/ must not import kafkajs itself,
 * so a KafkaJS-compatible client can replace it here alone.
 */
export type KafkaAdmin = Admin;
export type KafkaProducer = Producer;
export type KafkaConsumer = Consumer;

/** The one handle on a cluster; creates admins, producers and consumers with shared settings. */
export interface KafkaClient {
  readonly config: KafkaConfig;
  admin(): KafkaAdmin;
  producer(options?: { idempotent?: boolean }): KafkaProducer;
  consumer(options: { groupId?: string; sessionTimeoutMs?: number; heartbeatIntervalMs?: number; maxBytesPerPartition?: number; maxWaitTimeMs?: number }): KafkaConsumer;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Routes kafkajs's own log into our pino logger (it would print to stdout otherwise). */
function kafkaLogCreator(logger: Logger) {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...rest } = log;
      const method = LEVELS[level] ?? 'debug';
      child[method](rest, message);
    };
}

function saslOptions(sasl: KafkaConfig['sasl']): SASLOptions | undefined {
  if (!sasl) return undefined;
  const { mechanism, username, password } = sasl;
  switch (mechanism) {
    case 'plain':
      return { mechanism, username, password };
    case 'scram-sha-256':
      return { mechanism, username, password };
    case 'scram-sha-512':
      return { mechanism, username, password };
  }
}

/** Builds the client from a parsed config. Connects lazily: nothing touches the network here. */
export function createKafkaClient(config: KafkaConfig, logger: Logger): KafkaClient {
  const options: KafkaJsConfig = {
    clientId: config.clientId,
    brokers: config.brokers,
    ssl: config.ssl,
    connectionTimeout: config.connectionTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  };
  const sasl = saslOptions(config.sasl);
  if (sasl) options.sasl = sasl;
  const kafka = new Kafka(options);
  return {
    config,
    admin: () => kafka.admin(),
    // Idempotence needs acks=all and one in-flight request per connection to keep order on retry.
    producer: ({ idempotent = true } = {}) =>
      kafka.producer({ idempotent, maxInFlightRequests: idempotent ? 1 : 5, allowAutoTopicCreation: false }),
    consumer: (o) =>
      kafka.consumer({
        groupId: o.groupId ?? config.groupId,
        sessionTimeout: o.sessionTimeoutMs ?? 30_000,
        heartbeatInterval: o.heartbeatIntervalMs ?? 3000,
        maxBytesPerPartition: o.maxBytesPerPartition ?? 1_048_576,
        maxWaitTimeInMs: o.maxWaitTimeMs ?? 500,
        allowAutoTopicCreation: false,
      }),
  };
}
