/**
 * Cover thumbnails in `<data>/artwork/`: each picture becomes JPEGs of ARTWORK_SIZES pixels
 * (square, centre-cropped, never enlarged), named by a hash of the picture's bytes, so the
 * tracks of an album that share a cover share its files and a picture is resized once.
 * Images are decoded by sharp (libvips), never by hand; a picture it cannot read is skipped
 * with the reason, never fatal. The cache is written by the scan (holding the data folder's
 * lock) and read by the media routes, by track id only (see engine-host/media/).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/** The thumbnail sizes made, in pixels a side: list rows, the player bar and tiles, large views. */
export const ARTWORK_SIZES = [64, 256, 512] as const;

/** One of {@link ARTWORK_SIZES}. */
export type ArtworkSize = (typeof ARTWORK_SIZES)[number];

/** The folder inside the data folder. */
export const ARTWORK_DIR = 'artwork';

/** Pictures larger than this are not read (a real cover is well under 10 MB). */
export const MAX_PICTURE_BYTES = 20 * 1024 * 1024;
// Decoded pixels allowed: a 7,000 × 7,000 scan; a header claiming more is refused before decoding.
const MAX_PIXELS = 49_000_000;
/** How long one picture may take to decode and resize. */
export const ARTWORK_TIMEOUT_SEC = 10;
const JPEG_QUALITY = 80;

const KEY = /^[0-9a-f]{24}$/;

/** Whether `key` has the form of an artwork key (checked before it names a file). */
export function isArtworkKey(key: string): boolean {
  return KEY.test(key);
}

/** The key of a picture: a hash of its bytes. */
export function artworkKeyOf(picture: Uint8Array): string {
  return createHash('sha256').update(picture).digest('hex').slice(0, 24);
}

/** The file of one thumbnail. */
export function artworkPath(dataDir: string, key: string, size: ArtworkSize): string {
  if (!isArtworkKey(key)) throw new RangeError(`not an artwork key: ${key}`);
  return join(dataDir, ARTWORK_DIR, `${key}-${size}.jpg`);
}

/** What making thumbnails gave: their key, or why the picture was skipped. */
export type ArtworkResult =
  Readonly<{ ok: true; key: string }> | Readonly<{ ok: false; reason: string }>;

let configured = false;
/** One libvips thread and no operation cache: workers run one per core and pictures rarely repeat. */
function configure(): void {
  if (configured) return;
  configured = true;
  sharp.concurrency(1);
  sharp.cache(false);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/**
 * Makes (or finds already made) the thumbnails of `picture` in the data folder's cache. Each
 * file is written under a temporary name and renamed, so a reader or a crash never sees half a
 * file; the largest is written last and marks the set complete.
 */
export async function makeArtwork(dataDir: string, picture: Uint8Array): Promise<ArtworkResult> {
  if (picture.length === 0) return { ok: false, reason: 'empty picture' };
  if (picture.length > MAX_PICTURE_BYTES) {
    return { ok: false, reason: `picture too large (${Math.round(picture.length / 2 ** 20)} MB)` };
  }
  const key = artworkKeyOf(picture);
  const largest = ARTWORK_SIZES[ARTWORK_SIZES.length - 1] as ArtworkSize;
  if (await exists(artworkPath(dataDir, key, largest))) return { ok: true, key };
  configure();
  let thumbnails: Map<ArtworkSize, Buffer>;
  try {
    thumbnails = await render(picture);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `unreadable picture: ${message.split('\n', 1)[0] ?? message}` };
  }
  await mkdir(join(dataDir, ARTWORK_DIR), { recursive: true });
  for (const size of ARTWORK_SIZES) {
    const path = artworkPath(dataDir, key, size);
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, thumbnails.get(size) ?? Buffer.alloc(0));
    await rename(temp, path);
  }
  return { ok: true, key };
}

/** Decodes once to the largest size, then scales that down for the smaller ones. */
async function render(picture: Uint8Array): Promise<Map<ArtworkSize, Buffer>> {
  const options = { limitInputPixels: MAX_PIXELS, failOn: 'error' } as const;
  const sizes = [...ARTWORK_SIZES].sort((a, b) => b - a);
  const largest = sizes[0] as ArtworkSize;
  const { data, info } = await sharp(picture, options)
    .timeout({ seconds: ARTWORK_TIMEOUT_SEC })
    .rotate()
    .resize(largest, largest, { fit: 'cover', withoutEnlargement: true })
    // Covers with transparency get a dark background, as the app shows them.
    .flatten({ background: '#202020' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const out = new Map<ArtworkSize, Buffer>();
  for (const size of sizes) {
    const jpeg = await sharp(data, raw)
      .resize(size, size, { fit: 'cover', withoutEnlargement: true })
      .jpeg({ quality: JPEG_QUALITY })
      .toBuffer();
    out.set(size, jpeg);
  }
  return out;
}

/**
 * Deletes the thumbnails whose key no track names any more (their tracks were removed or their
 * pictures changed), and temporary files a crash left. Returns the files deleted.
 */
export async function pruneArtwork(dataDir: string, keep: ReadonlySet<string>): Promise<number> {
  const dir = join(dataDir, ARTWORK_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  let deleted = 0;
  for (const name of names) {
    const key = /^([0-9a-f]{24})-\d+\.jpg$/.exec(name)?.[1];
    if (key !== undefined && keep.has(key)) continue;
    await rm(join(dir, name), { force: true });
    deleted++;
  }
  return deleted;
}
