import { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../domain/logger.js';
import { runProcessorService } from '../../service/index.js';

/**
 * `ailog serve`: the Kafka processor service in the foreground (needs `KAFKA_BOOTSTRAP_SERVERS`;
 * `DATABASE_URL` or the embedded database). Stops gracefully on SIGTERM/SIGINT.
 */
export function serveCommand(): Command {
  return new Command('serve')
    .description('consume logs-raw from Kafka, run the pipeline, store and publish results (Ctrl-C to stop)')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      process.exitCode = await runProcessorService(config, logger);
    });
}
