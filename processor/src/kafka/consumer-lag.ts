import type { KafkaAdmin } from './kafka-client.js';
import type { PartitionLag } from './kafka-health.js';

/**
 * The consumer group's lag per partition of `topics` on an already connected admin: log-end
 * offset minus committed offset. A partition the group never committed counts from the log
 * start, so a new group shows its whole backlog (same rule as the health check). Offsets are
 * 64-bit strings on the wire; the difference fits a double for any real backlog.
 */
export async function fetchConsumerLag(admin: KafkaAdmin, groupId: string, topics: readonly string[]): Promise<PartitionLag[]> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const lags: PartitionLag[] = [];
  for (const { topic, partitions } of committed) {
    const ends = await admin.fetchTopicOffsets(topic);
    const byPartition = new Map(partitions.map((p) => [p.partition, Number(p.offset)]));
    for (const e of ends) {
      const end = Number(e.high);
      const at = byPartition.get(e.partition) ?? -1;
      lags.push({ topic, partition: e.partition, committed: at, end, lag: Math.max(0, end - (at >= 0 ? at : Number(e.low))) });
    }
  }
  return lags;
}
