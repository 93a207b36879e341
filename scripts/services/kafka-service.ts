/** Placeholder until the Kafka work lands: uses AILOG_TEST_KAFKA_BROKERS only. */
export async function ensureKafka(): Promise<{ brokers: string; stop: () => Promise<void> }> {
  return { brokers: process.env.AILOG_TEST_KAFKA_BROKERS ?? '', stop: async () => {} };
}
