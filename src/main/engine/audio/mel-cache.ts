/**
 * Log-mel spectrograms kept on disk, so that training and a new model's re-embedding start from
 * the scan's spectrograms instead of decoding every file again.
 *
 * One file per track: `<data>/mels/<first 2 characters of the id>/<id>.bin`. Layout (little
 * endian): magic `DCML`, u16 format version, u16 bands, u32 frames, u16 excerpt count, u16
 * reserved, one u32 frame count per excerpt, then frames × bands bytes, frame-major. Each byte
 * maps [LOG_MEL_FLOOR, 0] linearly onto 0..255: a step of 8 / 255 ≈ 0.031 (0.3 dB), which is
 * finer than anything the CNN or the baselines resolve, at a quarter of float32's size (a
 * 3 × 8 s track is 1,029 frames: 65.9 KB).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogMel } from './log-mel';
import { frameCount, LOG_MEL_FLOOR } from './mel';

/** A track's spectrogram with where each excerpt's frames end. */
export type CachedMel = LogMel &
  Readonly<{
    /** Frames of each excerpt, in order; they add up to `frames`. */
    excerptFrames: readonly number[];
  }>;

const MAGIC = 0x4c4d4344; // 'DCML' read as a little-endian u32
const FORMAT_VERSION = 1;
const FIXED_HEADER = 16;
const LEVELS = 255;
/** The folder inside the data folder. */
export const MEL_CACHE_DIR = 'mels';

/** Largest difference between a value and its cached copy, for values inside [floor, 0]. */
export const MEL_CACHE_MAX_ERROR = -LOG_MEL_FLOOR / LEVELS / 2;

/**
 * The frames each excerpt gave, from the decoder's samples per excerpt: computeExcerptsLogMel
 * transforms every excerpt on its own, whole frames only.
 */
export function excerptFrameCounts(segmentLengths: readonly number[]): number[] {
  return segmentLengths.map(frameCount);
}

/** Cached values differ from the originals by at most {@link MEL_CACHE_MAX_ERROR}. */
export function encodeMel(mel: CachedMel): Buffer {
  const { frames, bands, data, excerptFrames } = mel;
  if (data.length !== frames * bands) {
    throw new Error(`log-mel of ${frames} × ${bands} has ${data.length} values`);
  }
  if (excerptFrames.reduce((a, b) => a + b, 0) !== frames) {
    throw new Error(`excerpt frame counts ${excerptFrames.join('+')} do not add up to ${frames}`);
  }
  const header = FIXED_HEADER + 4 * excerptFrames.length;
  const bytes = Buffer.alloc(header + data.length);
  bytes.writeUInt32LE(MAGIC, 0);
  bytes.writeUInt16LE(FORMAT_VERSION, 4);
  bytes.writeUInt16LE(bands, 6);
  bytes.writeUInt32LE(frames, 8);
  bytes.writeUInt16LE(excerptFrames.length, 12);
  excerptFrames.forEach((n, i) => bytes.writeUInt32LE(n, FIXED_HEADER + 4 * i));
  const scale = LEVELS / -LOG_MEL_FLOOR;
  for (let i = 0; i < data.length; i++) {
    const level = Math.round(((data[i] ?? LOG_MEL_FLOOR) - LOG_MEL_FLOOR) * scale);
    // Clamped: values can only sit outside [floor, 0] through rounding in the mel stage.
    bytes[header + i] = level < 0 ? 0 : level > LEVELS ? LEVELS : level;
  }
  return bytes;
}

/**
 * A cached spectrogram still in its stored form, a byte per value: a quarter of the memory of
 * {@link CachedMel}, for holding a whole library while training.
 */
export type QuantisedMel = Readonly<{
  frames: number;
  bands: number;
  excerptFrames: readonly number[];
  /** frames × bands levels, frame-major; see {@link levelValues}. */
  levels: Uint8Array;
}>;

/** The log-mel value of each level 0..255. */
export const levelValues: Float32Array = Float32Array.from(
  { length: LEVELS + 1 },
  (_, level) => LOG_MEL_FLOOR + (level * -LOG_MEL_FLOOR) / LEVELS,
);

/** Reads bytes written by {@link encodeMel} without expanding them; throws on anything else. */
export function decodeQuantisedMel(bytes: Uint8Array): QuantisedMel {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < FIXED_HEADER || view.readUInt32LE(0) !== MAGIC) {
    throw new Error('not a cached log-mel');
  }
  const version = view.readUInt16LE(4);
  if (version !== FORMAT_VERSION) throw new Error(`cached log-mel format ${version} is unknown`);
  const bands = view.readUInt16LE(6);
  const frames = view.readUInt32LE(8);
  const count = view.readUInt16LE(12);
  const header = FIXED_HEADER + 4 * count;
  if (view.length !== header + frames * bands) {
    throw new Error(`cached log-mel is ${view.length} bytes, expected ${header + frames * bands}`);
  }
  const excerptFrames = Array.from({ length: count }, (_, i) =>
    view.readUInt32LE(FIXED_HEADER + 4 * i),
  );
  if (excerptFrames.reduce((a, b) => a + b, 0) !== frames) {
    throw new Error('cached log-mel excerpt frame counts do not add up');
  }
  // A copy, so the file's buffer is not kept alive by a view into it.
  return { frames, bands, excerptFrames, levels: Uint8Array.from(view.subarray(header)) };
}

/** Reads bytes written by {@link encodeMel}; throws on anything else. */
export function decodeMel(bytes: Uint8Array): CachedMel {
  const { frames, bands, excerptFrames, levels } = decodeQuantisedMel(bytes);
  const data = Float32Array.from(levels, (level) => levelValues[level] ?? LOG_MEL_FLOOR);
  return { frames, bands, data, excerptFrames };
}

/** Reads value `index` of a spectrogram, whichever form it is held in. */
export function valueReader(mel: CachedMel | QuantisedMel): (index: number) => number {
  if ('levels' in mel) {
    const { levels } = mel;
    return (index) => levelValues[levels[index] ?? 0] ?? LOG_MEL_FLOOR;
  }
  const { data } = mel;
  return (index) => data[index] ?? LOG_MEL_FLOOR;
}

/** Whether `error` is a missing-file error from node:fs. */
function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT';
}

/** A damaged entry costs only a decode: the caller analyses the file again. */
function parseOrNull<T>(parse: () => T): T | null {
  try {
    return parse();
  } catch {
    return null;
  }
}

/** The on-disk cache of tracks' log-mels in a data folder, keyed by track id. */
export class MelCache {
  /** The cache's root folder. */
  readonly dir: string;
  private readonly folders = new Set<string>();

  constructor(dataDir: string) {
    this.dir = join(dataDir, MEL_CACHE_DIR);
  }

  /** The file holding a track's spectrogram. */
  pathOf(trackId: string): string {
    if (!/^[0-9a-zA-Z_-]{3,}$/.test(trackId)) throw new Error(`bad track id: ${trackId}`);
    return join(this.dir, trackId.slice(0, 2), `${trackId}.bin`);
  }

  /**
   * Stores a track's spectrogram, replacing any older one. Written to a temporary name and
   * renamed, so a reader or a crash never sees half a file.
   */
  async write(trackId: string, mel: CachedMel): Promise<void> {
    await this.writeEncoded(trackId, encodeMel(mel));
  }

  /**
   * Stores bytes made by {@link encodeMel} (the scan's workers encode them) as a track's
   * spectrogram, the same way as {@link write}.
   */
  async writeEncoded(trackId: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(trackId);
    const folder = join(this.dir, trackId.slice(0, 2));
    // One mkdir per folder and process: at most 256 of them, against one write per track.
    if (!this.folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.folders.add(folder);
    }
    const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, bytes);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      // The folder may have been removed under us (a cleared cache): forget it and retry once.
      if (isMissing(error) && this.folders.delete(folder)) return this.writeEncoded(trackId, bytes);
      throw error;
    }
  }

  /** A track's spectrogram, or null when none is cached or the file is unreadable. */
  async read(trackId: string): Promise<CachedMel | null> {
    const bytes = await this.bytesOf(trackId);
    return bytes === null ? null : parseOrNull(() => decodeMel(bytes));
  }

  /** Like {@link read}, but the values stay bytes (see {@link QuantisedMel}). */
  async readQuantised(trackId: string): Promise<QuantisedMel | null> {
    const bytes = await this.bytesOf(trackId);
    return bytes === null ? null : parseOrNull(() => decodeQuantisedMel(bytes));
  }

  private async bytesOf(trackId: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(trackId));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  /** Whether a spectrogram is cached for the track. */
  async has(trackId: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(trackId))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  /** Forgets a track's spectrogram; nothing happens when there is none. */
  async delete(trackId: string): Promise<void> {
    await rm(this.pathOf(trackId), { force: true });
  }

  /**
   * Deletes every cached spectrogram whose track is not in `keep`, and temporary files left by
   * a killed writer: entries a crash orphaned (a spectrogram is cached before its track is
   * stored, and a track is removed before its spectrogram). Returns how many entries went.
   */
  async prune(keep: ReadonlySet<string>): Promise<number> {
    let removed = 0;
    for (const folder of await readdir(this.dir).catch(() => [])) {
      const names = await readdir(join(this.dir, folder)).catch(() => []);
      for (const name of names) {
        const stale =
          name.endsWith('.tmp') || (name.endsWith('.bin') && !keep.has(name.slice(0, -4)));
        if (!stale) continue;
        await rm(join(this.dir, folder, name), { force: true });
        if (name.endsWith('.bin')) removed++;
      }
    }
    return removed;
  }
}
