import type { Config } from '../config.js';
import type { Logger } from '../domain/logger.js';
import type { AnomalyBus } from '../exporters/anomaly-bus.exporter.js';
import type { RunningPipeline } from '../runtime/build-pipeline.js';
import type { Database } from '../storage/index.js';

/**
 * The contract between the CLI and the API gateway. `@ailog/api` depends on `@ailog/processor`,
 * never the reverse: so the processor only names this interface and loads its implementation
 * at run time by module name (`API_HOST_MODULE`). The api package implements it (`satisfies
 * ApiHostModule`), which keeps the compile-time dependency one-way and lets a build without the
 * api (a processor-only image) still run every other command.
 */
export interface ApiHostOptions {
  readonly config: Config;
  /** Open database shared with an embedded pipeline, when there is one. */
  readonly db: Database;
  readonly logger: Logger;
  /**
   * The pipeline's in-process bus when the processor runs in this process on the embedded
   * database. Absent → the api feeds subscriptions from PostgreSQL LISTEN/NOTIFY itself.
   */
  readonly bus?: AnomalyBus;
  /** The in-process pipeline's vector index and LLM runtime, shared rather than built twice. */
  readonly pipeline?: Pick<RunningPipeline, 'vectors' | 'llm' | 'embeddingProvider'>;
}

/** A listening API. */
export interface HostedApi {
  /** `http://host:port`, for the banner. */
  readonly url: string;
  /** Stops the api and its anomaly feed; does not close the database (not its own). */
  close(): Promise<void>;
}

/** What the api module exports for the CLI. */
export interface ApiHostModule {
  startHostedApi(options: ApiHostOptions): Promise<HostedApi>;
}

/** Module name resolved by the workspace (`api/package.json` exports `./*`). */
export const API_HOST_MODULE = '@ailog/api/hosted-api';

/** Loads the api at run time; a clear error when the api package is not installed. */
export async function loadApiHost(moduleName: string = API_HOST_MODULE): Promise<ApiHostModule> {
  // A variable specifier: TypeScript does not follow it, so processor never compiles against api.
  const loaded = (await import(moduleName)) as Partial<ApiHostModule>;
  if (typeof loaded.startHostedApi !== 'function') throw new TypeError(`${moduleName} does not export startHostedApi`);
  return loaded as ApiHostModule;
}
