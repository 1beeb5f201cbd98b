/** The small library the end-to-end tests scan: short synthesized tracks in three formats. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeLibrary } from '../../helpers/library';

/** Track titles, in the library list's default (title) order. */
export const TITLES = ['Amber tone', 'Brass chord', 'Copper clicks'] as const;

/** Writes the library into `<dir>/Music`; returns that folder. */
export async function writeE2eLibrary(dir: string): Promise<string> {
  const music = join(dir, 'Music');
  await mkdir(music, { recursive: true });
  await writeLibrary(music, [
    { name: TITLES[0], format: 'mp3', signal: { kind: 'sine', freq: 440 }, seconds: 12 },
    {
      name: TITLES[1],
      format: 'ogg',
      signal: { kind: 'chord', freqs: [262, 330, 392] },
      seconds: 12,
    },
    { name: TITLES[2], format: 'flac', signal: { kind: 'clicks', bpm: 120 }, seconds: 12 },
  ]);
  return music;
}
