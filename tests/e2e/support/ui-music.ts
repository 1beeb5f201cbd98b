/**
 * The library the screens' end-to-end walk scans: a dozen short synthesized tracks in four
 * families of sound (tones, chords, noise, clicks), each family one album and genre, artists
 * spread so that the playlist rules (no artist twice within 3 tracks) leave radios something.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { encode, synthesize, type Signal } from '../../helpers/synth';

type Track = Readonly<{
  title: string;
  artist: string;
  album: string;
  genre: string;
  signal: Signal;
}>;

export const UI_TRACKS: readonly Track[] = [
  {
    title: 'Low sine',
    artist: 'Ada Tone',
    album: 'Tones',
    genre: 'Ambient',
    signal: { kind: 'sine', freq: 220 },
  },
  {
    title: 'Mid sine',
    artist: 'Bo Tone',
    album: 'Tones',
    genre: 'Ambient',
    signal: { kind: 'sine', freq: 440 },
  },
  {
    title: 'High sine',
    artist: 'Cy Tone',
    album: 'Tones',
    genre: 'Ambient',
    signal: { kind: 'sine', freq: 880 },
  },
  {
    title: 'C major',
    artist: 'Dee Chord',
    album: 'Chords',
    genre: 'Classical',
    signal: { kind: 'chord', freqs: [262, 330, 392] },
  },
  {
    title: 'A minor',
    artist: 'Eve Chord',
    album: 'Chords',
    genre: 'Classical',
    signal: { kind: 'chord', freqs: [220, 262, 330] },
  },
  {
    title: 'G major',
    artist: 'Fay Chord',
    album: 'Chords',
    genre: 'Classical',
    signal: { kind: 'chord', freqs: [196, 247, 294] },
  },
  {
    title: 'White rain',
    artist: 'Gus Noise',
    album: 'Weather',
    genre: 'Noise',
    signal: { kind: 'noise', seed: 1 },
  },
  {
    title: 'Grey rain',
    artist: 'Hal Noise',
    album: 'Weather',
    genre: 'Noise',
    signal: { kind: 'noise', seed: 2 },
  },
  {
    title: 'Slow clicks',
    artist: 'Ivy Click',
    album: 'Clocks',
    genre: 'Techno',
    signal: { kind: 'clicks', bpm: 80 },
  },
  {
    title: 'Quick clicks',
    artist: 'Jo Click',
    album: 'Clocks',
    genre: 'Techno',
    signal: { kind: 'clicks', bpm: 140 },
  },
  {
    title: 'Fast clicks',
    artist: 'Kai Click',
    album: 'Clocks',
    genre: 'Techno',
    signal: { kind: 'clicks', bpm: 180 },
  },
  {
    title: 'Deep sine',
    artist: 'Lu Tone',
    album: 'Tones',
    genre: 'Ambient',
    signal: { kind: 'sine', freq: 110 },
  },
];

/** Writes the tracks (6 s of FLAC each) into `<dir>/Music`; returns that folder. */
export async function writeUiLibrary(dir: string): Promise<string> {
  const music = join(dir, 'Music');
  await mkdir(music, { recursive: true });
  await Promise.all(
    UI_TRACKS.map((t) =>
      encode(synthesize(t.signal, 6), join(music, `${t.title}.flac`), 'flac', {
        tags: { title: t.title, artist: t.artist, album: t.album, genre: t.genre },
      }),
    ),
  );
  return music;
}
