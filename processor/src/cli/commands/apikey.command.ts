import { Command, Option } from 'commander';
import { loadConfig } from '../../config.js';
import { BadInputError } from '../../domain/errors.js';
import { createLogger } from '../../domain/logger.js';
import { openDatabase } from '../../storage/database.js';
import { API_KEY_ROLES, ApiKeyIssuerRepository, type ApiKeyRole } from '../../storage/repositories/api-key-issuer.repository.js';
import { ApiKeyRepository } from '../../storage/repositories/api-key.repository.js';

interface CreateFlags {
  readonly role: ApiKeyRole;
  readonly name: string;
  readonly json?: boolean;
}

/** `ailog apikey create|revoke`: API keys for the gateway, stored as sha-256 hashes only. */
export function apikeyCommand(): Command {
  const command = new Command('apikey').description('manage API keys of the api gateway');
  command
    .command('create')
    .description('create a key and print it once (only its hash is stored)')
    .addOption(new Option('--role <role>', 'reader (queries) or admin (also raw lines and key management)').choices(API_KEY_ROLES).makeOptionMandatory())
    .requiredOption('--name <name>', 'who or what the key is for')
    .option('--json', 'print { id, name, role, key } as JSON')
    .action(async (flags: CreateFlags) => {
      const name = flags.name.trim();
      if (!name || name.length > 100) throw new BadInputError('--name must be 1 to 100 characters', 'cli');
      await withDatabase(async (db) => {
        const issued = await new ApiKeyIssuerRepository(db.knex).issue({ name, role: flags.role });
        const out = { id: issued.id, name: issued.name, role: issued.role, key: issued.key };
        // Plain mode prints only the key on stdout, so `KEY=$(ailog apikey create ...)` works.
        process.stdout.write(flags.json ? `${JSON.stringify(out)}\n` : `${issued.key}\n`);
        if (!flags.json) process.stderr.write(`api key ${issued.id} (${issued.role}, "${issued.name}") created; it is shown only once\n`);
      });
    });
  command
    .command('revoke')
    .description('revoke a key by id')
    .argument('<id>', 'key id, as printed by create')
    .action(async (id: string) => {
      if (!/^\d{1,18}$/.test(id)) throw new BadInputError(`not a key id: ${id}`, 'cli');
      await withDatabase(async (db) => {
        if (!(await new ApiKeyRepository(db.knex).revoke(id))) throw new BadInputError(`no active api key ${id}`, 'cli');
        process.stdout.write(`revoked ${id}\n`);
      });
    });
  return command;
}

async function withDatabase(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config.storage, createLogger(config.logLevel));
  try {
    await work(db);
  } finally {
    await db.close();
  }
}
