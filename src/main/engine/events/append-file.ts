import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Open a file for appending (O_APPEND, plus reads at a position), creating it and its folders.
 * When this creates anything, the folders holding the new entries are fsync'd: a new file is
 * durable only once its directory entry is, however often the file itself is synced.
 */
export async function openForAppend(path: string): Promise<FileHandle> {
  const folder = dirname(path);
  const created = await mkdir(folder, { recursive: true });
  const existed = await stat(path).then(
    () => true,
    () => false,
  );
  const handle = await open(path, 'a+');
  if (!existed) {
    // From the file's folder up to the parent of the first folder mkdir made.
    const top = created === undefined ? folder : dirname(created);
    for (let dir = folder; ; dir = dirname(dir)) {
      await syncFolder(dir);
      if (dir === top || dir === dirname(dir)) break;
    }
  }
  return handle;
}

/** Write all of `text` at the end of an O_APPEND file, however many write() calls it takes. */
export async function writeWhole(file: FileHandle, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  for (let done = 0; done < bytes.length;) {
    done += (await file.write(bytes, done, bytes.length - done)).bytesWritten;
  }
}

/**
 * Replace a file's content as one step: written and fsync'd under a temporary name, renamed over
 * the file, and the folder fsync'd, so a crash leaves the old content or the new, never a mix.
 */
export async function replaceWhole(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await writeWhole(file, text);
    await file.datasync();
  } catch (error) {
    await file.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  await rename(temporary, path);
  await syncFolder(dirname(path));
}

async function syncFolder(path: string): Promise<void> {
  const folder = await open(path, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
