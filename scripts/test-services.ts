import type { TestProject } from 'vitest/node';
import { ensureKafka } from './services/kafka-service.js';
import { ensurePostgres } from './services/postgres-service.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a real PostgreSQL server for integration tests (a throwaway cluster unless given). */
    databaseUrl: string;
    /** Bootstrap servers of a real Kafka broker for integration tests. */
    kafkaBrokers: string;
  }
}

/**
 * Vitest global setup for integration tests: uses the servers named by AILOG_TEST_DATABASE_URL /
 * AILOG_TEST_KAFKA_BROKERS, else starts throwaway ones (PostgreSQL from the Debian binaries, Kafka
 * from Maven Central jars via scripts/kafka.sh) and stops them afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await ensurePostgres();
  const kafka = await ensureKafka();
  project.provide('databaseUrl', postgres.url);
  project.provide('kafkaBrokers', kafka.brokers);
  return async () => {
    await kafka.stop();
    await postgres.stop();
  };
}
