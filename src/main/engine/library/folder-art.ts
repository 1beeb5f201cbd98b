/**
 * A folder's own cover image: `cover`, `folder` or `front` as .jpg, .jpeg or .png beside the
 * tracks (what rippers and stores leave), for tracks that embed no picture. Each folder is
 * listed once per worker process however many of its tracks are analysed.
 */
import { open, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MAX_PICTURE_BYTES } from './artwork-cache';

const NAMES = ['cover', 'folder', 'front'];
const IMAGE = /^(cover|folder|front)\.(jpe?g|png)$/i;
// Folders remembered; tracks arrive folder by folder (the walk's order), so a few suffice.
const REMEMBERED = 32;

/** A folder image's bytes, or why it could not be read. */
export type FolderImage =
  Readonly<{ ok: true; data: Uint8Array }> | Readonly<{ ok: false; reason: string }>;

/** Finds and reads folder images, remembering the last folders it looked in. */
export class FolderArt {
  private readonly seen = new Map<string, Promise<FolderImage | null>>();

  /** The cover image in the folder of `trackPath`, null when it has none. */
  imageFor(trackPath: string): Promise<FolderImage | null> {
    const folder = dirname(trackPath);
    let found = this.seen.get(folder);
    if (found === undefined) {
      found = findImage(folder);
      this.seen.set(folder, found);
      if (this.seen.size > REMEMBERED) {
        const oldest = this.seen.keys().next().value;
        if (oldest !== undefined) this.seen.delete(oldest);
      }
    }
    return found;
  }
}

async function findImage(folder: string): Promise<FolderImage | null> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const images = names.filter((name) => IMAGE.test(name));
  // cover before folder before front, whatever the listing's order.
  const rank = (name: string): number => NAMES.indexOf(name.split('.')[0]?.toLowerCase() ?? '');
  images.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  const name = images[0];
  if (name === undefined) return null;
  try {
    return { ok: true, data: await readBounded(join(folder, name)) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `folder image ${name}: ${reason}` };
  }
}

/** Reads a whole file of at most MAX_PICTURE_BYTES; a larger one is refused unread. */
async function readBounded(path: string): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const { size, isFile } = await file.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (!isFile) throw new Error('not a file');
    if (size > MAX_PICTURE_BYTES) throw new Error(`too large (${Math.round(size / 2 ** 20)} MB)`);
    const data = Buffer.alloc(size);
    const { bytesRead } = await file.read(data, 0, size, 0);
    return data.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
