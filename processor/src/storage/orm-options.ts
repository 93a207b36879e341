import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import type { Logger } from '../domain/logger.js';
import { allEntities } from '../domain/entities/index.js';
import { migrationsList } from '../migrations/index.js';

export interface OrmOptionsInput {
  readonly url: string;
  readonly poolMax: number;
  readonly debugSql: boolean;
  readonly logger: Logger;
  /** Where `createMigration` writes; only the migration generator needs it. */
  readonly migrationsPath?: string;
}

/**
 * The one MikroORM configuration for both back ends. Migrations are listed statically (not
 * discovered by glob) so they load the same under tsx, vitest and a bundled build.
 */
export function buildOrmOptions(input: OrmOptionsInput): Options {
  return defineConfig({
    clientUrl: input.url,
    entities: [...allEntities],
    extensions: [Migrator],
    pool: { min: 0, max: input.poolMax },
    ensureDatabase: false,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: input.debugSql,
    logger: (message: string) => input.logger.debug({ orm: message }, 'sql'),
    migrations: {
      tableName: 'mikro_orm_migrations',
      path: input.migrationsPath ?? 'processor/src/migrations',
      migrationsList: [...migrationsList],
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      fileName: (timestamp: string, name?: string) => `${timestamp}-${name ?? 'schema'}.migration`,
    },
  });
}
