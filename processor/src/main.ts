import { loadConfig } from './config.js';
import { AppError } from './domain/errors.js';
import { createLogger } from './domain/logger.js';
import { runProcessorService } from './service/index.js';

/**
 * The processor service entry (containers run this): load the config, run until SIGTERM or a
 * fatal error, exit. The only `process.exit` of the processor lives here.
 */
async function main(): Promise<number> {
  let logger = createLogger('info', 'ailog-processor');
  try {
    const config = loadConfig();
    logger = createLogger(config.logLevel, 'ailog-processor');
    return await runProcessorService(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'processor service failed');
    return error instanceof AppError && error.code === 'CONFIG_INVALID' ? 2 : 1;
  }
}

process.exit(await main());
