/**
 * Reads a track's tags with music-metadata. Read-only: files are opened for reading only.
 *
 * Duration: a plain parse gets it from headers for MP3 (Xing/Info header, or file size when the
 * first frames show constant bit rate), FLAC, MP4, WAV and AIFF, but not for Ogg Vorbis/Opus
 * (the length sits in the last page) nor for VBR MP3 without a Xing header. Only for those does a
 * second, streamed pass read the whole file with `duration: true`. Asking for `duration: true` on
 * the first pass instead would run MP3 frame counting through parseFile's small random reads,
 * measured at over a second for a 4-minute VBR file against about 0.3 s streamed.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IAudioMetadata } from 'music-metadata';
import { parseFile, parseStream, selectCover } from 'music-metadata';
import type { TrackTags } from '../store/types';
import { oggDurationFromTail } from './ogg-duration';
import { replayGainOf } from './replay-gain';

/** A file whose tags cannot be read; `message` is a one-line reason for the user. */
export class TagError extends Error {
  override readonly name = 'TagError';
}

// Large reads for the full-scan pass: frame headers are parsed from memory, not per syscall.
const SCAN_CHUNK_BYTES = 1 << 20;

/** Tags as the file states them: a missing title is null (path-tags.ts may infer one). */
export type FileTags = Omit<TrackTags, 'title' | 'inferred'> & Readonly<{ title: string | null }>;

/** A picture embedded in the file: the front cover when it says which one that is. */
export type EmbeddedPicture = Readonly<{ format: string; data: Uint8Array }>;

/** What reading a file's metadata gives. */
export type FileMetadata = Readonly<{
  tags: FileTags;
  picture: EmbeddedPicture | null;
  /** Audio channels the file says it has, or null when it does not say. */
  channels: number | null;
}>;

/**
 * Read the tags, duration and cover picture of the audio file at `path`. Missing or blank
 * fields are null.
 * @throws TagError when the file is empty, unreadable, or not audio music-metadata understands.
 */
export async function readMetadata(path: string): Promise<FileMetadata> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw new TagError(`cannot read file (${codeOf(error)})`);
  }
  if (size === 0) throw new TagError('empty file');

  let metadata: IAudioMetadata;
  try {
    // Covers are read for the artwork; only the chosen one outlives this call.
    metadata = await parseFile(path, { skipCovers: false });
  } catch (error) {
    throw new TagError(describeParseError(error));
  }
  if (metadata.format.container === undefined) {
    const warning = metadata.quality.warnings[0]?.message;
    throw new TagError(`not a recognised audio file${warning ? `: ${warning}` : ''}`);
  }

  const { common } = metadata;
  const cover = selectCover(common.picture);
  const tags: FileTags = {
    title: text(common.title),
    artist: text(common.artist) ?? text(common.artists?.join(', ')),
    album: text(common.album),
    albumArtist: text(common.albumartist),
    trackNo: common.track.no,
    discNo: common.disk.no,
    year: common.year ?? null,
    genre: text(common.genre?.[0]),
    durationSec:
      validDuration(metadata.format.duration) ??
      (await tailDuration(path, metadata)) ??
      (await scanDuration(path, size)),
    hasArtwork: (common.picture?.length ?? 0) > 0,
    replayGain: replayGainOf(metadata),
  };
  const picture = cover ? { format: cover.format, data: cover.data } : null;
  return { tags, picture, channels: metadata.format.numberOfChannels ?? null };
}

/** An Ogg file's duration from its last page, without reading the rest; null if not Ogg. */
async function tailDuration(path: string, metadata: IAudioMetadata): Promise<number | null> {
  if (metadata.format.container?.toLowerCase() !== 'ogg') return null;
  const opus = /opus/i.test(metadata.format.codec ?? '');
  const rate = opus ? 48_000 : (metadata.format.sampleRate ?? 0);
  return validDuration((await oggDurationFromTail(path, rate).catch(() => null)) ?? undefined);
}

/** The tags of a file whose own could not be read: none. */
export const NO_FILE_TAGS: FileTags = Object.freeze({
  title: null,
  artist: null,
  album: null,
  albumArtist: null,
  trackNo: null,
  discNo: null,
  year: null,
  genre: null,
  durationSec: null,
  hasArtwork: false,
  replayGain: null,
});

/** The exact duration from a full streamed pass, or null when even that cannot tell. */
async function scanDuration(path: string, size: number): Promise<number | null> {
  const stream = createReadStream(path, { highWaterMark: SCAN_CHUNK_BYTES });
  try {
    const metadata = await parseStream(
      stream,
      { path, size },
      { duration: true, skipCovers: true },
    );
    return validDuration(metadata.format.duration);
  } catch {
    // The tags were read already; a file corrupt further in still lists, and decoding decides.
    return null;
  } finally {
    stream.destroy();
  }
}

function validDuration(seconds: number | undefined): number | null {
  return seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

function text(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function describeParseError(error: unknown): string {
  if (!(error instanceof Error)) return `cannot parse: ${String(error)}`;
  const message = firstLine(error.message);
  if ('code' in error && typeof error.code === 'string') return `cannot read file (${error.code})`;
  if ('fileType' in error && typeof error.fileType === 'string') {
    return `not a valid ${error.fileType} file: ${message}`;
  }
  if (error.name === 'CouldNotDetermineFileTypeError') return 'not a recognised audio file';
  return `corrupt file: ${message}`;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

function codeOf(error: unknown): string {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return code ?? 'unknown error';
}
