import { readFile, rm, writeFile } from 'node:fs/promises';
import { AppError } from '../domain/errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no cross-process locking: two processes on one data dir corrupt it. A pid file
 * makes the second opener fail clearly instead; a lock left by a dead process is taken over.
 * Returns the release function.
 */
export async function lockDataDir(lockPath: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' });
      return async () => {
        await rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (holder && holder !== process.pid && alive(holder)) {
        throw new AppError(
          `the embedded database at ${lockPath} is in use by process ${holder}; stop it, or share a PostgreSQL server (databaseUrl) between processes`,
          { stage: 'persist', code: 'CONFLICT', details: { lockPath, holder } },
        );
      }
      if (holder === process.pid) {
        throw new AppError(`the embedded database at ${lockPath} is already open in this process`, { stage: 'persist', code: 'CONFLICT' });
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new AppError(`could not lock ${lockPath}`, { stage: 'persist', code: 'CONFLICT' });
}
