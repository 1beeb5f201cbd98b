/**
 * The library the player's end-to-end walk scans: four albums of short synthesized tracks in
 * album folders (`Album/NN - Title.flac`, tagged), one with a cover.jpg beside its tracks, and a
 * symlink that leads outside the music folder.
 */
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { encode, synthesize } from '../../helpers/synth';
import { UI_TRACKS } from './ui-music';

/** Seconds of each track: long enough to seek in and to hear a crossfade. */
export const SECONDS = 10;

/** Where each track's file is, by title. */
export type PlayerLibrary = Readonly<{ music: string; files: ReadonlyMap<string, string> }>;

/** A square cover of one colour, as a scanner finds it beside the tracks. */
export function writeCover(path: string, rgb: readonly [number, number, number]): Promise<unknown> {
  const [r, g, b] = rgb;
  return sharp({ create: { width: 300, height: 300, channels: 3, background: { r, g, b } } })
    .jpeg()
    .toFile(path);
}

/** Writes the library into `<dir>/Music` and the symlink's target into `<dir>/Elsewhere`. */
export async function writePlayerLibrary(dir: string): Promise<PlayerLibrary> {
  const music = join(dir, 'Music');
  const files = new Map<string, string>();
  const numbers = new Map<string, number>();
  await Promise.all(
    UI_TRACKS.map((t) => {
      const n = (numbers.get(t.album) ?? 0) + 1;
      numbers.set(t.album, n);
      const path = join(music, t.album, `${String(n).padStart(2, '0')} - ${t.title}.flac`);
      files.set(t.title, path);
      return encode(synthesize(t.signal, SECONDS), path, 'flac', {
        tags: {
          title: t.title,
          artist: t.artist,
          album: t.album,
          genre: t.genre,
          track: String(n),
        },
      });
    }),
  );
  await writeCover(join(music, 'Tones', 'cover.jpg'), [200, 60, 40]);
  const elsewhere = join(dir, 'Elsewhere');
  await mkdir(elsewhere, { recursive: true });
  const outside = join(elsewhere, 'Outside.flac');
  await encode(synthesize({ kind: 'sine', freq: 330 }, 4), outside, 'flac');
  await symlink(outside, join(music, 'Outside link.flac'));
  return { music, files };
}
