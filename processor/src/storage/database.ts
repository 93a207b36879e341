import { join } from 'node:path';
import { MikroORM, type EntityManager, type Knex } from '@mikro-orm/postgresql';
import { AppError, UnavailableError } from '../domain/errors.js';
import { silentLogger, type Logger } from '../domain/logger.js';
import { buildOrmOptions } from './orm-options.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './pglite-server.js';
import { storageConfigSchema, type StorageConfig, type StorageConfigInput } from './storage.config.js';

/** An open database, either a PostgreSQL server or the embedded PGlite. */
export interface Database {
  readonly orm: MikroORM;
  readonly kind: 'postgres' | 'pglite';
  readonly config: StorageConfig;
  /** The knex instance behind the ORM: bulk SQL and transactions for repositories. */
  readonly knex: Knex;
  /** A fresh EntityManager fork (the global one is disabled on purpose). */
  em(): EntityManager;
  close(): Promise<void>;
}

/** PGlite gets its own folder under `dataDir`: other components (vector store, caches) live beside it. */
export function pgliteDir(dataDir: string): string {
  return dataDir.startsWith('memory://') ? dataDir : join(dataDir, 'pglite');
}

/**
 * Opens the configured database and runs pending migrations (idempotent: applied ones are
 * skipped). Without `databaseUrl`, starts PGlite under `dataDir` and serves it on a loopback port.
 */
export async function openDatabase(config: StorageConfigInput | StorageConfig, logger: Logger = silentLogger): Promise<Database> {
  const parsed = storageConfigSchema.parse(config);
  const kind = parsed.databaseUrl ? 'postgres' : 'pglite';
  const embedded: EmbeddedPostgres | null = parsed.databaseUrl ? null : await startEmbeddedPostgres(pgliteDir(parsed.dataDir));
  const url = parsed.databaseUrl ?? embedded?.url ?? '';
  let orm: MikroORM;
  try {
    orm = await MikroORM.init(
      buildOrmOptions({ url, poolMax: embedded ? 1 : parsed.poolSize, debugSql: parsed.debugSql, logger }),
    );
  } catch (error) {
    await embedded?.stop();
    throw new UnavailableError(`cannot connect to the ${kind} database`, 'persist', error);
  }
  const close = async (): Promise<void> => {
    await orm.close(true);
    await embedded?.stop();
  };
  if (parsed.migrate) {
    try {
      const applied = await orm.getMigrator().up();
      logger.info({ kind, applied: applied.map((m) => m.name) }, 'database migrated');
    } catch (error) {
      await close();
      throw new AppError('database migration failed', { stage: 'persist', cause: error });
    }
  }
  return {
    orm,
    kind,
    config: Object.freeze(parsed),
    knex: orm.em.getKnex(),
    em: () => orm.em.fork(),
    close,
  };
}
