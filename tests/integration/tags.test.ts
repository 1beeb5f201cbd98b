import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpegPath } from '../../src/main/engine/audio/ffmpeg-path';
import { readMetadata, TagError, type FileTags } from '../../src/main/engine/library/tags';
import type { Format, Tags } from '../helpers/synth';
import { encode, extensionOf, synthesize, tempDir } from '../helpers/synth';

const run = promisify(execFile);
const readTags = async (path: string): Promise<FileTags> => (await readMetadata(path)).tags;

const SECONDS = 3;
const SAMPLES = synthesize({ kind: 'chord', freqs: [220, 277, 330] }, SECONDS);

const TAGS: Tags = {
  title: 'Song Title',
  artist: 'The Artist',
  album: 'The Album',
  album_artist: 'Various Artists',
  track: '3',
  disc: '2',
  date: '1999',
  genre: 'Rock',
};

const FULL: Omit<FileTags, 'durationSec'> = {
  title: 'Song Title',
  artist: 'The Artist',
  album: 'The Album',
  albumArtist: 'Various Artists',
  trackNo: 3,
  discNo: 2,
  year: 1999,
  genre: 'Rock',
  hasArtwork: false,
  replayGain: null,
};

/**
 * What each container carries when ffmpeg writes TAGS: its WAV muxer (RIFF INFO) has no album
 * artist or disc field, and its AIFF muxer writes the name chunk only.
 */
const CARRIED: Record<Format, Omit<FileTags, 'durationSec'>> = {
  mp3: FULL,
  flac: FULL,
  ogg: FULL,
  opus: FULL,
  m4a: FULL,
  'm4a-alac': FULL,
  wav: { ...FULL, albumArtist: null, discNo: null },
  aiff: {
    ...FULL,
    artist: null,
    album: null,
    albumArtist: null,
    trackNo: null,
    discNo: null,
    year: null,
    genre: null,
  },
};

const FORMATS = Object.keys(CARRIED) as Format[];

describe('readTags', () => {
  let dir: string;
  const tagged = new Map<Format, string>();

  beforeAll(async () => {
    dir = await tempDir();
    for (const format of FORMATS) {
      const path = join(dir, `tagged-${format}.${extensionOf(format)}`);
      tagged.set(format, await encode(SAMPLES, path, format, { tags: TAGS }));
    }
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(FORMATS)('reads what %s carries and its duration', async (format) => {
    const { durationSec, ...tags } = await readTags(pathOf(tagged, format));
    expect(tags).toEqual(CARRIED[format]);
    expect(durationSec).not.toBeNull();
    expect(Math.abs((durationSec ?? 0) - SECONDS)).toBeLessThan(0.2);
  });

  it('leaves every tag of an untagged track null (path-tags.ts names it)', async () => {
    for (const format of ['mp3', 'flac', 'ogg'] as const) {
      const path = await encode(SAMPLES, join(dir, `Demo take.v2 ${format}.${format}`), format);
      const { durationSec, ...tags } = await readTags(path);
      expect(tags).toEqual({
        title: null,
        artist: null,
        album: null,
        albumArtist: null,
        trackNo: null,
        discNo: null,
        year: null,
        genre: null,
        hasArtwork: false,
        replayGain: null,
      });
      expect(Math.abs((durationSec ?? 0) - SECONDS)).toBeLessThan(0.2);
    }
  });

  it('keeps unicode, trims text and treats blank fields as missing', async () => {
    const unicode: Tags = {
      title: '  Jóga 🎵 ',
      artist: 'Björk',
      album: '坂本龍一',
      album_artist: '   ',
      genre: 'Électronique',
    };
    for (const format of ['mp3', 'flac', 'ogg', 'm4a'] as const) {
      const path = await encode(SAMPLES, join(dir, `unicode.${format}`), format, { tags: unicode });
      const tags = await readTags(path);
      expect(tags).toMatchObject({
        title: 'Jóga 🎵',
        artist: 'Björk',
        album: '坂本龍一',
        albumArtist: null,
        genre: 'Électronique',
      });
    }
  });

  it('gets exact durations headers do not give: VBR mp3 without Xing, long Ogg', async () => {
    // Long enough that the Ogg streams run past the pages music-metadata reads for tags.
    const long = synthesize({ kind: 'noise', seed: 3 }, 30);
    const wav = await encode(long, join(dir, 'long.wav'), 'wav');
    const mp3 = join(dir, 'vbr-no-xing.mp3');
    await ffmpeg(['-i', wav, '-c:a', 'libmp3lame', '-q:a', '2', '-write_xing', '0', mp3]);
    const ogg = await encode(long, join(dir, 'long.ogg'), 'ogg');
    const opus = await encode(long, join(dir, 'long.opus'), 'opus');
    for (const path of [mp3, ogg, opus]) {
      const tags = await readTags(path);
      expect(Math.abs((tags.durationSec ?? 0) - 30)).toBeLessThan(0.2);
    }
  });

  it('sees embedded artwork in mp3, flac and m4a', async () => {
    const cover = join(dir, 'cover.png');
    await ffmpeg(['-f', 'lavfi', '-i', 'color=c=red:s=8x8', '-frames:v', '1', cover]);
    const withCover = async (format: Format, extra: readonly string[]): Promise<string> => {
      const out = join(dir, `cover-${format}.${extensionOf(format)}`);
      await ffmpeg(
        ['-i', pathOf(tagged, format), '-i', cover, '-map', '0', '-map', '1'].concat([
          '-c',
          'copy',
          '-disposition:v',
          'attached_pic',
          ...extra,
          out,
        ]),
      );
      return out;
    };
    const mp3 = await withCover('mp3', [
      '-id3v2_version',
      '3',
      '-metadata:s:v',
      'comment=Cover (front)',
    ]);
    const flac = await withCover('flac', []);
    const m4a = await withCover('m4a', ['-f', 'ipod']);
    for (const path of [mp3, flac, m4a]) {
      expect(await readTags(path)).toMatchObject({ title: 'Song Title', hasArtwork: true });
    }
  });

  it('refuses empty and non-audio files with a one-line reason', async () => {
    const empty = join(dir, 'empty.mp3');
    await writeFile(empty, '');
    await expect(readTags(empty)).rejects.toThrow(new TagError('empty file'));

    const text = 'not audio, just some words\nand another line\n';
    const cases: [string, RegExp][] = [
      ['text.flac', /^not a valid FLAC file: \S/],
      ['text.m4a', /^not a valid MP4 file: \S/],
      ['text.mp3', /^not a recognised audio file$/],
      ['text.aiff', /^not a recognised audio file$/],
    ];
    for (const [name, reason] of cases) {
      await writeFile(join(dir, name), text);
      const error = await readTags(join(dir, name)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TagError);
      expect((error as TagError).message).toMatch(reason);
      expect((error as TagError).message).not.toContain('\n');
    }
    await expect(readTags(join(dir, 'missing.mp3'))).rejects.toThrow(
      new TagError('cannot read file (ENOENT)'),
    );
  });

  it('reads a truncated mp3 from its header, trusting the header for the duration', async () => {
    const whole = synthesize({ kind: 'sine', freq: 440 }, 10);
    const full = await encode(whole, join(dir, 'full.mp3'), 'mp3', { tags: TAGS });
    const bytes = await readFile(full);
    const half = join(dir, 'half.mp3');
    await writeFile(half, bytes.subarray(0, bytes.length >> 1));
    const tags = await readTags(half);
    expect(tags.title).toBe('Song Title');
    // The LAME Info header states the frame count of the whole file; decoding finds the rest.
    expect(Math.abs((tags.durationSec ?? 0) - 10)).toBeLessThan(0.2);
  }, 10_000);

  it('reports a cut-off ogg as corrupt, and times a half ogg by the audio that is there', async () => {
    const bytes = await readFile(pathOf(tagged, 'ogg'));
    const cut = join(dir, 'cut.ogg');
    await writeFile(cut, bytes.subarray(0, 100));
    await expect(readTags(cut)).rejects.toThrow(/^corrupt file: /);

    const long = synthesize({ kind: 'noise', seed: 5 }, 30);
    const whole = await readFile(await encode(long, join(dir, 'whole.ogg'), 'ogg', { tags: TAGS }));
    const half = join(dir, 'half.ogg');
    await writeFile(half, whole.subarray(0, whole.length >> 1));
    const tags = await readTags(half);
    expect(tags.title).toBe('Song Title');
    // Ogg has no length header: the last granule position read is the duration.
    expect(tags.durationSec).toBeGreaterThan(10);
    expect(tags.durationSec).toBeLessThan(20);
  }, 20_000);
});

function pathOf(paths: ReadonlyMap<Format, string>, format: Format): string {
  const path = paths.get(format);
  if (!path) throw new Error(`no ${format} fixture`);
  return path;
}

async function ffmpeg(args: readonly string[]): Promise<void> {
  await run(resolveFfmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}
