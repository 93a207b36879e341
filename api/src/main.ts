import { createLogger, loadConfig } from '@ailog/processor';
import { openDatabase } from '@ailog/processor/storage/index';
import { startHostedApi } from './hosted-api.js';

/**
 * `node --import tsx api/src/main.ts`: the API alone over the configured database (an api-only
 * replica; `ailog serve --role api` is the same through the CLI). Subscriptions are fed by
 * PostgreSQL LISTEN/NOTIFY, so they carry what any processor stores.
 */
const config = loadConfig();
const logger = createLogger(config.logLevel, 'ailog-api');
const db = await openDatabase(config.storage, logger);
const hosted = await startHostedApi({ config, db, logger });
logger.info({ url: hosted.url }, 'api listening');

const shutdown = (signal: string): void => {
  logger.info({ signal }, 'shutting down');
  void hosted
    .close()
    .then(() => db.close())
    .finally(() => process.exit(0));
};
// `on`, not `once`: a signal-exit user would otherwise see no listener left and re-raise the signal.
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
