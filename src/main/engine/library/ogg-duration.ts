import { open } from 'node:fs/promises';

/** Ogg pages are at most ~64 KB, so the last complete page starts within this tail. */
const TAIL_BYTES = 65_536 + 27 + 255;
const CAPTURE = Buffer.from('OggS');

/**
 * The duration of an Ogg Vorbis or Opus file from its last page's granule position, reading only
 * the file's tail. music-metadata finds it by reading the whole stream (about 90 ms a track
 * here), which made tags the slowest stage of a scan.
 * `granuleRate` is the sample rate the granule counts in: 48,000 for Opus, the stream's for Vorbis.
 * Returns null when the tail holds no usable page; the caller then falls back to a full read.
 */
export async function oggDurationFromTail(
  path: string,
  granuleRate: number,
): Promise<number | null> {
  if (!(granuleRate > 0)) return null;
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const length = Math.min(size, TAIL_BYTES);
    const tail = Buffer.alloc(length);
    await file.read(tail, 0, length, size - length);
    // The search stops at offset 0: Buffer.lastIndexOf reads a negative offset as counted from the
    // end, so searching again from -1 would start over and never finish.
    for (
      let at = tail.lastIndexOf(CAPTURE);
      at >= 0;
      at = at > 0 ? tail.lastIndexOf(CAPTURE, at - 1) : -1
    ) {
      // A page header is 27 bytes: "OggS", version 0, flags, then the 64-bit granule position.
      if (at + 27 > tail.length || tail[at + 4] !== 0) continue;
      const granule = tail.readBigInt64LE(at + 6);
      // -1 marks a page on which no packet ends; an earlier page carries the position.
      if (granule <= 0n) continue;
      return Number(granule) / granuleRate;
    }
    return null;
  } finally {
    await file.close();
  }
}
