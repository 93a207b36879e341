import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'kafka.sh');

async function runningBrokers(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  try {
    const { stdout } = await run('bash', [script, 'status'], { env, timeout: 30_000 });
    return stdout.trim().split('\n').pop() ?? null;
  } catch {
    return null;
  }
}

/**
 * A Kafka broker for integration tests: AILOG_TEST_KAFKA_BROKERS when set (left running); else a
 * developer's `scripts/kafka.sh up` broker on the default port when one runs (left running); else
 * a private broker (own data dir and free ports, so parallel runs cannot stop each other's),
 * started from the cached Maven Central jars and shut down by `stop()`.
 */
export async function ensureKafka(): Promise<{ brokers: string; stop: () => Promise<void> }> {
  const given = process.env.AILOG_TEST_KAFKA_BROKERS;
  if (given) return { brokers: given, stop: async () => {} };
  const existing = await runningBrokers();
  if (existing) return { brokers: existing, stop: async () => {} };
  const env = {
    ...process.env,
    AILOG_KAFKA_DIR: `/tmp/ailog-kafka-test-${process.pid}`,
    KAFKA_PORT: String(await freePort()),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
  };
  // A cold start resolves ~56 MB of jars from Maven Central once (~25 s); later starts take ~10–20 s.
  const { stdout } = await run('bash', [script, 'up'], { env, timeout: 300_000 });
  const brokers = stdout.trim().split('\n').pop() ?? '';
  return {
    brokers,
    stop: async () => {
      await run('bash', [script, 'down'], { env, timeout: 60_000 });
    },
  };
}
