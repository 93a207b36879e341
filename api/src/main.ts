import { AnomalyBus, createLogger, loadConfig } from '@ailog/processor';
import { openDatabase } from '@ailog/processor/storage/index';
import { buildApi } from './app.js';

/**
 * `node --import tsx api/src/main.ts`: the API alone, over the configured database. In this mode
 * nothing publishes to the in-process bus, so subscriptions stay silent until `ailog serve`
 * runs the processor beside it (or the Kafka/NOTIFY feed lands).
 */
const config = loadConfig();
const logger = createLogger(config.logLevel, 'ailog-api');
const db = await openDatabase(config.storage, logger);
const api = await buildApi({ config: config.api, db, bus: new AnomalyBus(), logger });
const address = await api.listen();
logger.info({ host: address.address, port: address.port }, 'api listening');

const shutdown = (signal: string): void => {
  logger.info({ signal }, 'shutting down');
  void api
    .close()
    .then(() => db.close())
    .finally(() => process.exit(0));
};
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
