import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from './store/library-store';

const LOCK_FILE = 'deepcut.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data folder's writer lock, so two Deepcut processes (the app and a CLI scan, say)
 * never write one library at once: LanceDB commits are atomic, but the store's compaction
 * assumes it is the only writer. A lock left by a killed process is taken over.
 * Returns the function that releases it.
 */
export async function acquireDataLock(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(String(process.pid));
      await file.close();
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError(`cannot lock the data folder ${dataDir}: ${(error as Error).message}`);
      }
    }
    const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
      throw new StoreError(
        `the library in ${dataDir} is busy: another Deepcut process (pid ${holder}) is writing it`,
      );
    }
    await unlink(path).catch(() => undefined);
  }
  throw new StoreError(`cannot lock the data folder ${dataDir}: another process keeps taking it`);
}
