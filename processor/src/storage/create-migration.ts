import { fileURLToPath } from 'node:url';
import { MikroORM } from '@mikro-orm/postgresql';
import { silentLogger } from '../domain/logger.js';
import { buildOrmOptions } from './orm-options.js';
import { startEmbeddedPostgres } from './pglite-server.js';

/**
 * Developer tool: diffs the entity schemas against a fresh in-memory database migrated to the
 * latest committed migration and writes the difference as a new migration file.
 * Usage: `npx tsx processor/src/storage/create-migration.ts <name>`; then add the class to
 * `migrations/index.ts` and commit both.
 */
async function main(name: string): Promise<void> {
  const embedded = await startEmbeddedPostgres('memory://');
  const migrationsPath = fileURLToPath(new URL('../migrations', import.meta.url));
  const orm = await MikroORM.init(
    buildOrmOptions({ url: embedded.url, poolMax: 1, debugSql: false, logger: silentLogger, migrationsPath }),
  );
  try {
    const migrator = orm.getMigrator();
    await migrator.up();
    const result = await migrator.createMigration(migrationsPath, false, false, name);
    process.stdout.write(result.fileName ? `wrote ${result.fileName}\n` : 'no schema changes\n');
  } finally {
    await orm.close(true);
    await embedded.stop();
  }
}

await main(process.argv[2] ?? 'schema');
