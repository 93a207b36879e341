import { z } from 'zod';

/**
 * Storage configuration. Without `databaseUrl` the embedded PGlite back end is used, with its
 * files under `dataDir`. The lead maps env vars (AILOG_DATABASE_URL, AILOG_DATA_DIR,
 * AILOG_STORE_RAW, ...) onto this in `config.ts`.
 */
export const storageConfigSchema = z.object({
  /** PostgreSQL server URL (`postgres://user@host:port/db`). Absent ⇒ embedded PGlite. */
  databaseUrl: z.string().min(1).optional(),
  /** PGlite data directory; `memory://` keeps it in memory. Default `./.ailog`. */
  dataDir: z.string().min(1).default('./.ailog'),
  /** Store the unredacted line in `logs.raw`. Default false: only redacted text is kept. */
  storeRaw: z.boolean().default(false),
  /** Connection pool size for a PostgreSQL server. Default 4. PGlite always uses 1 (it serves one connection). */
  poolSize: z.number().int().min(1).max(64).default(4),
  /** Rows per multi-row INSERT statement. Default 1000 (PostgreSQL caps a statement at 65535 parameters). */
  insertChunkSize: z.number().int().min(1).max(3000).default(1000),
  /** Run pending migrations when the database is opened. Default true. */
  migrate: z.boolean().default(true),
  /** Log every SQL statement at debug level. Default false. */
  debugSql: z.boolean().default(false),
});

export type StorageConfig = z.infer<typeof storageConfigSchema>;
export type StorageConfigInput = z.input<typeof storageConfigSchema>;
