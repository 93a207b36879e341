import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'postgres.sh');

function hasPostgresBinaries(): boolean {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return false;
  return readdirSync(base).some((version) => existsSync(join(base, version, 'bin', 'initdb')));
}

/**
 * A PostgreSQL server for integration tests: AILOG_TEST_DATABASE_URL when set (left running),
 * else a throwaway cluster from `scripts/postgres.sh up`, stopped and deleted by `stop()`.
 */
export async function ensurePostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env.AILOG_TEST_DATABASE_URL;
  if (given) return { url: given, stop: async () => {} };
  if (!hasPostgresBinaries()) {
    throw new Error(
      'integration tests need PostgreSQL: set AILOG_TEST_DATABASE_URL or install the server binaries (apt-get install postgresql)',
    );
  }
  // A per-run directory so parallel runs (and a developer's own `postgres.sh up`) do not collide.
  const env = { ...process.env, AILOG_PG_DIR: `/tmp/ailog-pg-test-${process.pid}` };
  const { stdout } = await run('bash', [script, 'up'], { env, timeout: 120_000 });
  const url = stdout.trim().split('\n').pop() ?? '';
  // If the caller never reaches stop() (another service failed to start), do not leak the cluster.
  const stopOnExit = (): void => {
    execFileSync('bash', [script, 'down'], { env, timeout: 60_000, stdio: 'ignore' });
  };
  process.once('exit', stopOnExit);
  return {
    url,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await run('bash', [script, 'down'], { env, timeout: 60_000 });
    },
  };
}
