import { Command, Option } from 'commander';
import { loadConfig } from '../../config.js';
import { BadInputError } from '../../domain/errors.js';
import { createLogger } from '../../domain/logger.js';
import { runServe, SERVE_ROLES, type ServeRole } from '../../service/serve-runner.js';
import { issueSessionKey } from '../../service/session-key.js';

interface ServeFlags {
  readonly role?: ServeRole;
  /** `--no-api` sets this to false. */
  readonly api: boolean;
  readonly follow?: string;
  readonly service?: string;
  readonly format?: string;
  readonly adminKey?: boolean;
}

/** `--no-api` is shorthand for `--role processor`; both at once must agree. */
export function roleOf(flags: Pick<ServeFlags, 'role' | 'api'>): ServeRole {
  if (!flags.api) {
    if (flags.role !== undefined && flags.role !== 'processor') throw new BadInputError(`--no-api contradicts --role ${flags.role}`, 'cli');
    return 'processor';
  }
  return flags.role ?? 'all';
}

/** What a user needs to start: where to point the browser and how to authenticate. */
export function serveBanner(apiUrl: string, database: string, key: string | null): string {
  const lines = [
    `ailog serving on ${database === 'pglite' ? 'the embedded database' : 'PostgreSQL'}`,
    `  GraphQL   ${apiUrl}/graphql   (open it in a browser for GraphiQL; subscriptions on ws://…/graphql)`,
    `  REST      ${apiUrl}/api/v1    OpenAPI ${apiUrl}/openapi.json`,
    `  health    ${apiUrl}/health`,
  ];
  if (key) lines.push(`  admin API key for this session (shown once, not stored in clear): ${key}`, '  send it as the X-API-Key header (GraphiQL: Headers tab)');
  return `${lines.join('\n')}\n`;
}

/**
 * `ailog serve`: the api and the processor. Embedded (no KAFKA_BOOTSTRAP_SERVERS): one process
 * with the pipeline, optionally tailing `--follow`, and the api on the same database. With
 * Kafka: the processor service and the api (`--role`/`--no-api` to split them across replicas).
 * SIGTERM/SIGINT stop it gracefully.
 */
export function serveCommand(): Command {
  return new Command('serve')
    .description('run the api (GraphQL, REST) and the processor; embedded by default, Kafka when configured (Ctrl-C to stop)')
    .addOption(new Option('--role <role>', 'what this process runs (default all)').choices(SERVE_ROLES))
    .option('--no-api', 'run the processor only (same as --role processor)')
    .option('--follow <file>', 'embedded mode: tail this log file into the pipeline (- reads stdin until EOF)')
    .option('--service <name>', 'service name for followed events that carry none')
    .option('--format <format>', 'format of the followed input (default AILOG_LOG_FORMAT or auto)')
    .option('--admin-key', 'issue an admin API key for this session and print it once (default: only on the embedded database when no key exists yet)')
    .action(async (flags: ServeFlags) => {
      const role = roleOf(flags);
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      process.exitCode = await runServe(config, logger, {
        role,
        follow: flags.follow,
        service: flags.service,
        format: flags.format,
        onReady: async ({ apiUrl, database, db }) => {
          if (apiUrl === null) return;
          // Only the embedded database needs it (`ailog apikey create` cannot open it while we run);
          // on a server, keys are created deliberately, never printed into container logs by default.
          const wanted = flags.adminKey === true || database === 'pglite';
          const issued = wanted ? await issueSessionKey(db, { name: 'ailog serve session', ifNoneExists: flags.adminKey !== true }) : null;
          process.stdout.write(serveBanner(apiUrl, database, issued?.key ?? null));
        },
      });
    });
}
