import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from './store/library-store';
import { storageFault } from './store/storage-fault';

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

/** Locks this process holds, by lock-file path, with how many holders share each. */
const held = new Map<string, number>();

/**
 * Takes the data folder's writer lock, so two Deepcut processes (the app and a CLI scan, say)
 * never write one library at once: LanceDB commits are atomic, but the store's compaction
 * assumes it is the only writer. A lock left by a killed process is taken over.
 *
 * Within one process the lock is shared: the engine orders its own jobs, and a background
 * training run that holds the lock must not lose it when a folder edit or a NeuMF run in the
 * same process takes and releases it. The file goes only when the last holder releases.
 * Returns the function that releases it (once; later calls do nothing).
 */
export async function acquireDataLock(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, LOCK_FILE);
  const holders = held.get(path) ?? 0;
  if (holders === 0) await takeFile(path, dataDir);
  held.set(path, (held.get(path) ?? 0) + 1);
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    const left = (held.get(path) ?? 1) - 1;
    if (left > 0) {
      held.set(path, left);
      return;
    }
    held.delete(path);
    await unlink(path).catch(() => undefined);
  };
}

async function takeFile(path: string, dataDir: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx');
      try {
        await file.writeFile(String(process.pid));
      } catch (error) {
        // A full disk takes the name but not the pid: leave no empty lock behind.
        await file.close();
        await unlink(path).catch(() => undefined);
        throw error;
      }
      await file.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw (
          storageFault(error, dataDir) ??
          new StoreError(`cannot lock the data folder ${dataDir}: ${(error as Error).message}`)
        );
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
