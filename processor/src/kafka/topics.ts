import { UnavailableError } from '../domain/errors.js';
import type { Logger } from '../domain/logger.js';
import type { KafkaAdmin, KafkaConfig } from './kafka-client.js';

/** Topic name → wanted partition count. */
export type TopicPlan = ReadonlyMap<string, number>;

/** What `ensureTopics` did. */
export interface EnsureTopicsResult {
  readonly created: string[];
  readonly existing: string[];
  /** Topics that had fewer partitions than planned and were grown. */
  readonly grown: string[];
}

/** The four ailog topics with their partition counts from the config. */
export function topicPlan(config: Pick<KafkaConfig, 'topics' | 'partitions'>): TopicPlan {
  const { topics, partitions } = config;
  return new Map([
    [topics.raw, partitions.raw],
    [topics.processed, partitions.processed],
    [topics.anomalies, partitions.anomalies],
    [topics.dlq, partitions.dlq],
  ]);
}

function isAlreadyExists(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify(error)}` : String(error);
  return /TOPIC_ALREADY_EXISTS|already exists/i.test(text);
}

/**
 * Creates the ailog topics that are missing and grows those with too few partitions; safe to run
 * at every start-up and from several processes at once (a lost creation race counts as existing).
 * Partitions are never removed: Kafka cannot shrink a topic.
 */
export async function ensureTopics(
  admin: KafkaAdmin,
  config: Pick<KafkaConfig, 'topics' | 'partitions' | 'replicationFactor'>,
  logger?: Logger,
): Promise<EnsureTopicsResult> {
  const plan = topicPlan(config);
  const present = new Set(await admin.listTopics());
  const missing = [...plan].filter(([name]) => !present.has(name));
  const created: string[] = [];
  if (missing.length > 0) {
    try {
      await admin.createTopics({
        // kafkajs's own wait fails on the transient UNKNOWN_TOPIC_OR_PARTITION KRaft returns
        // right after creation; waitForLeaders below retries through it.
        waitForLeaders: false,
        topics: missing.map(([topic, numPartitions]) => ({ topic, numPartitions, replicationFactor: config.replicationFactor })),
      });
      created.push(...missing.map(([name]) => name));
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
  }
  await waitForLeaders(admin, [...plan.keys()]);
  const existing = [...plan.keys()].filter((name) => !created.includes(name));
  const grown = await growPartitions(admin, plan, existing);
  logger?.info({ created, grown }, 'kafka topics ensured');
  return { created, existing, grown };
}

/** Polls metadata until every partition of `names` has a leader (new topics are not usable before). */
async function waitForLeaders(admin: KafkaAdmin, names: string[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      if (topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (Date.now() > deadline) throw new UnavailableError('kafka topics have no leader yet', 'kafka', error);
    }
    if (Date.now() > deadline) throw new UnavailableError('kafka topics have no leader yet', 'kafka');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function growPartitions(admin: KafkaAdmin, plan: TopicPlan, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const { topics } = await admin.fetchTopicMetadata({ topics: names });
  const short = topics.filter((t) => t.partitions.length < (plan.get(t.name) ?? 0));
  if (short.length === 0) return [];
  await admin.createPartitions({ topicPartitions: short.map((t) => ({ topic: t.name, count: plan.get(t.name) ?? t.partitions.length })) });
  return short.map((t) => t.name);
}
