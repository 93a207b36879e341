import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { UnavailableError } from '../domain/errors.js';
import { lockDataDir } from './pglite-lock.js';

/** An embedded PGlite served on a loopback port so the ordinary `pg` driver (and MikroORM) can reach it. */
export interface EmbeddedPostgres {
  readonly url: string;
  readonly db: PGlite;
  stop(): Promise<void>;
}

/**
 * Opens (creating when needed) a PGlite database under `dataDir` and serves it in-process on a
 * free 127.0.0.1 port. PGlite is single-connection: the socket server accepts ONE client, so the
 * pool in front of it must have `max: 1` (a second client would be refused).
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const memory = dataDir.startsWith('memory://');
  let unlock = async (): Promise<void> => {};
  if (!memory) {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(`${dataDir}.lock`);
  }
  let db: PGlite;
  try {
    db = await PGlite.create(memory ? undefined : dataDir);
  } catch (error) {
    await unlock();
    throw new UnavailableError(`cannot open PGlite database in ${dataDir}`, 'persist', error);
  }
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  return {
    url,
    db,
    stop: async () => {
      await server.stop();
      await db.close();
      await unlock();
    },
  };
}
