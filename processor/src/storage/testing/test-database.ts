import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../database.js';
import type { StorageConfigInput } from '../storage.config.js';

export type BackendKind = 'postgres' | 'pglite';

/** Both back ends, for `describe.each`: the same storage tests run on each. */
export const BACKENDS: readonly BackendKind[] = ['postgres', 'pglite'];

export interface TestDatabase {
  readonly db: Database;
  /** Closes the database and deletes it (DROP DATABASE, or the temp data dir). */
  cleanup(): Promise<void>;
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database for one integration test file: a new database on the test server
 * (`postgres`), or PGlite in a new temp directory (`pglite`).
 */
export async function openTestDatabase(
  kind: BackendKind,
  serverUrl: string,
  overrides: Omit<StorageConfigInput, 'databaseUrl' | 'dataDir'> = {},
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'ailog-pglite-'));
    const db = await openDatabase({ ...overrides, dataDir });
    return {
      db,
      cleanup: async () => {
        await db.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!serverUrl) throw new Error('no PostgreSQL test server: set AILOG_TEST_DATABASE_URL or install postgresql');
  const name = `ailog_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ ...overrides, databaseUrl: url.toString() });
  return {
    db,
    cleanup: async () => {
      await db.close();
      await adminQuery(serverUrl, `drop database if exists "${name}"`);
    },
  };
}
