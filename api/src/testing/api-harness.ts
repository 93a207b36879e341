import { AnomalyBus, emptyBatch, silentLogger } from '@ailog/processor';
import { PostgresExporter } from '@ailog/processor/exporters/postgres.exporter';
import { makeFinding, makeRecord } from '@ailog/processor/storage/testing/fixtures';
import { openTestDatabase, type BackendKind, type TestDatabase } from '@ailog/processor/storage/testing/test-database';
import type { ApiConfigInput } from '../api.config.js';
import { buildApi, type Api } from '../app.js';
import { ApiKeyService } from '../services/api-key.service.js';

/** A listening API on PGlite seeded with `lines` fixture records, plus one key per role. */
export interface ApiHarness {
  readonly api: Api;
  readonly bus: AnomalyBus;
  readonly handle: TestDatabase;
  readonly baseUrl: string;
  readonly wsUrl: string;
  readonly keys: { readonly reader: string; readonly admin: string };
  close(): Promise<void>;
}

/**
 * Seeds through the real PostgresExporter (the pipeline's persistence stage), so rows look real.
 * `kind` picks the back end: PGlite (default) or a fresh database on the PostgreSQL test server.
 */
export async function startApiHarness(serverUrl: string, lines = 30, config: ApiConfigInput = {}, kind: BackendKind = 'pglite'): Promise<ApiHarness> {
  const handle = await openTestDatabase(kind, serverUrl);
  const batch = emptyBatch(Array.from({ length: lines }, (_, i) => makeRecord(i)));
  batch.anomalies.push(...batch.records.filter((r) => r.isAnomaly).map(makeFinding));
  await PostgresExporter.fromDatabase(handle.db).export(batch);
  const keyService = new ApiKeyService(handle.db);
  const reader = (await keyService.create({ name: 'test-reader', role: 'reader' })).key;
  const admin = (await keyService.create({ name: 'test-admin', role: 'admin' })).key;
  const bus = new AnomalyBus();
  const api = await buildApi({ config: { port: 0, keyCacheTtlMs: 0, ...config }, db: handle.db, bus, logger: silentLogger });
  const address = await api.listen(0, '127.0.0.1');
  return {
    api,
    bus,
    handle,
    baseUrl: `http://127.0.0.1:${address.port}`,
    wsUrl: `ws://127.0.0.1:${address.port}/graphql`,
    keys: { reader, admin },
    close: async () => {
      await api.close();
      await handle.cleanup();
    },
  };
}
