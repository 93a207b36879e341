import { fetchConsumerLag } from './consumer-lag.js';
import type { KafkaClient } from './kafka-client.js';
import { topicPlan } from './topics.js';

/** One partition of the processor group's input: how far the group is behind the log end. */
export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** Next offset the group will read; -1 when it has committed nothing yet. */
  readonly committed: number;
  readonly end: number;
  /** `end - committed`, or `end - start` when nothing is committed (all of it is pending). */
  readonly lag: number;
}

/** What `GET /health/kafka` reports. */
export interface KafkaHealthReport {
  readonly status: 'up' | 'down';
  /** Why it is down; absent when up. */
  readonly reason?: string;
  readonly brokers: readonly string[];
  readonly topics: Readonly<Record<string, { readonly present: boolean; readonly partitions: number }>>;
  readonly consumerGroup?: { readonly groupId: string; readonly totalLag: number; readonly partitions: readonly PartitionLag[] };
  readonly checkedMs: number;
}

/** Default bound on one check: a probe must answer even when the broker does not. */
const DEFAULT_TIMEOUT_MS = 5000;

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the brokers within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Probes the cluster the way an operator would: can we reach a broker, do the four ailog topics
 * exist, and how far behind is the processor group on `logs-raw`. Never throws: failures come
 * back as `status: 'down'` with a reason, for a 503.
 */
export async function checkKafkaHealth(client: KafkaClient, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<KafkaHealthReport> {
  const started = performance.now();
  const admin = client.admin();
  const brokers = client.config.brokers;
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    return await withDeadline(
      (async (): Promise<KafkaHealthReport> => {
        await admin.connect();
        const present = new Set(await admin.listTopics());
        const topics: Record<string, { present: boolean; partitions: number }> = {};
        for (const name of topicPlan(client.config).keys()) {
          const exists = present.has(name);
          topics[name] = { present: exists, partitions: exists ? (await admin.fetchTopicOffsets(name)).length : 0 };
        }
        const missing = Object.entries(topics).filter(([, t]) => !t.present).map(([name]) => name);
        const consumerGroup = topics[client.config.topics.raw]?.present ? await groupLag(client) : undefined;
        return {
          status: missing.length === 0 ? 'up' : 'down',
          ...(missing.length > 0 && { reason: `missing topics: ${missing.join(', ')}` }),
          brokers,
          topics,
          ...(consumerGroup && { consumerGroup }),
          checkedMs: elapsed(),
        };
      })(),
      timeoutMs,
    );
  } catch (error) {
    return { status: 'down', reason: `brokers unreachable: ${error instanceof Error ? error.message : String(error)}`, brokers, topics: {}, checkedMs: elapsed() };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }

  async function groupLag(c: KafkaClient): Promise<KafkaHealthReport['consumerGroup']> {
    const partitions = (await fetchConsumerLag(admin, c.config.groupId, [c.config.topics.raw])).sort((a, b) => a.partition - b.partition);
    return { groupId: c.config.groupId, totalLag: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
  }
}
