import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { AppError } from '../domain/errors.js';
import { apikeyCommand } from './commands/apikey.command.js';
import { demoCommand } from './commands/demo.command.js';
import { detectCommand } from './commands/detect.command.js';
import { generateCommand } from './commands/generate.command.js';
import { ingestCommand } from './commands/ingest.command.js';
import { parseCommand } from './commands/parse.command.js';
import { serveCommand } from './commands/serve.command.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The `ailog` program; each subcommand lives in `commands/<name>.command.ts`. */
export function buildCli(): Command {
  return new Command('ailog')
    .description('Semantic log anomaly detection: template mining, PII redaction, two-tier detection')
    .version(VERSION)
    .showHelpAfterError()
    .addCommand(demoCommand())
    .addCommand(ingestCommand())
    .addCommand(parseCommand())
    .addCommand(detectCommand())
    .addCommand(generateCommand())
    .addCommand(serveCommand())
    .addCommand(apikeyCommand());
}

/**
 * Maps failures to one line on stderr and an exit code: 2 for bad input or configuration
 * (the user can fix it), 1 for anything else.
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof AppError) return error.code === 'BAD_INPUT' || error.code === 'CONFIG_INVALID' ? 2 : 1;
  return 1;
}

async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildCli().exitOverride().parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const stage = error instanceof AppError ? ` [${error.stage}]` : '';
    process.stderr.write(`ailog: error${stage}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = exitCodeFor(error);
  }
}

await main(process.argv);
