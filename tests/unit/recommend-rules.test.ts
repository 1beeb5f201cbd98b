import { describe, expect, it } from 'vitest';
import {
  ARTIST_GAP,
  ARTIST_MAX_PER_WINDOW,
  ARTIST_WINDOW,
  assemble,
  type RuleTrack,
} from '../../src/main/engine/recommend/playlist-rules';
import { normaliseTitle, songKey } from '../../src/main/engine/recommend/song-identity';
import { jitter } from '../integration/recommend-fixtures';
import { analysedTrack, seededRandom, unitVector } from '../integration/store-fixtures';

const random = seededRandom(5);

/** A track with its own random sound unless one is given. */
function track(
  name: string,
  tags: Readonly<{ artist?: string | null; title?: string; durationSec?: number }> = {},
  vector: Float32Array = unitVector(random),
): RuleTrack {
  const record = analysedTrack(`/music/${name}.flac`, vector, {
    title: tags.title ?? name,
    artist: tags.artist === undefined ? `Artist of ${name}` : tags.artist,
    durationSec: tags.durationSec ?? 200,
  });
  return { track: record, vector };
}

const titles = (list: readonly RuleTrack[]): string[] => list.map((t) => t.track.title);

describe('song identity', () => {
  it('takes version markers off titles and keeps the words of a real title', () => {
    for (const title of [
      'Numb (Live)',
      'Numb - 2003 Remaster',
      'Numb [Demo]',
      'NUMB (Radio Edit)',
    ]) {
      expect(normaliseTitle(title)).toBe('numb');
    }
    expect(normaliseTitle("(Don't Fear) The Reaper")).toBe('don t fear the reaper');
    expect(normaliseTitle('Numb Encore')).not.toBe('numb');
    expect(songKey('Linkin Park', 'Numb (Live)')).toBe(songKey('linkin park', 'Numb'));
    expect(songKey(null, 'Numb')).toBeNull();
    expect(songKey('<Unknown>', 'Numb')).toBeNull();
  });
});

describe('playlist rules', () => {
  it('never places a track twice', () => {
    const a = track('a');
    const b = track('b');
    expect(titles(assemble([a, a, b, a], { count: 10 }))).toEqual(['a', 'b']);
  });

  it('keeps one version of a song: same artist and normalised title', () => {
    const numb = track('numb', { artist: 'Linkin Park', title: 'Numb' });
    const live = track('numb-live', { artist: 'Linkin Park', title: 'Numb (Live)' });
    const cover = track('numb-cover', { artist: 'Someone Else', title: 'Numb' });
    expect(titles(assemble([numb, live, cover], { count: 10 }))).toEqual(['Numb', 'Numb']);
    expect(assemble([numb, live, cover], { count: 10 }).map((t) => t.track.artist)).toEqual([
      'Linkin Park',
      'Someone Else',
    ]);
  });

  it('keeps one of two tracks with near-identical audio, whatever their tags say', () => {
    const sound = unitVector(random);
    const flac = track('one', {}, sound);
    const mp3 = track('two', {}, jitter(sound, 0.01, random));
    const other = track('three');
    expect(titles(assemble([flac, mp3, other], { count: 10 }))).toEqual(['one', 'three']);
  });

  it(`lets no artist back within ${ARTIST_GAP} tracks`, () => {
    const ranked = [
      track('x1', { artist: 'X' }),
      track('x2', { artist: 'X' }),
      track('x3', { artist: 'The X' }),
      ...Array.from({ length: 6 }, (_, i) => track(`o${i}`)),
    ];
    const list = assemble(ranked, { count: 9 });
    expect(titles(list)).toEqual(['x1', 'o0', 'o1', 'x2', 'o2', 'o3', 'x3', 'o4', 'o5']);
  });

  it(`allows at most ${ARTIST_MAX_PER_WINDOW} of one artist in ${ARTIST_WINDOW} tracks, unless seeded with it`, () => {
    const ranked = [
      ...Array.from({ length: 10 }, (_, i) => track(`x${i}`, { artist: 'X' })),
      ...Array.from({ length: 40 }, (_, i) => track(`o${i}`)),
    ];
    const list = assemble(ranked, { count: 30 });
    expect(list).toHaveLength(30);
    expect(list.filter((t) => t.track.artist === 'X')).toHaveLength(ARTIST_MAX_PER_WINDOW);

    const seeded = assemble(ranked, { count: 30, seedArtists: ['x'] });
    expect(seeded.slice(0, 10).every((t) => t.track.artist === 'X')).toBe(true);
  });

  it('checks the window of 30 as it slides', () => {
    const ranked = [
      ...Array.from({ length: 8 }, (_, i) => track(`x${i}`, { artist: 'X' })),
      ...Array.from({ length: 80 }, (_, i) => track(`o${i}`)),
    ];
    const list = assemble(ranked, { count: 70 });
    const positions = list.flatMap((t, i) => (t.track.artist === 'X' ? [i] : []));
    for (let start = 0; start + ARTIST_WINDOW <= list.length; start++) {
      const inWindow = positions.filter((p) => p >= start && p < start + ARTIST_WINDOW);
      expect(inWindow.length).toBeLessThanOrEqual(ARTIST_MAX_PER_WINDOW);
    }
    expect(positions.length).toBeGreaterThan(ARTIST_MAX_PER_WINDOW);
  });

  it('does not echo the seed, nor another version of it', () => {
    const seed = track('seed', { artist: 'S', title: 'Seed Song' });
    const version = track('seed-live', { artist: 'S', title: 'Seed Song (Live)' });
    const other = track('other');
    expect(titles(assemble([seed, version, other], { count: 5, seeds: [seed] }))).toEqual([
      'other',
    ]);
  });

  it('ends at a count or at a duration', () => {
    const ranked = Array.from({ length: 20 }, (_, i) => track(`t${i}`, { durationSec: 180 + i }));
    expect(assemble(ranked, { count: 7 })).toHaveLength(7);
    const timed = assemble(ranked, { durationSec: 1000 });
    const total = timed.reduce((sum, t) => sum + (t.track.durationSec ?? 0), 0);
    expect(total).toBeGreaterThanOrEqual(1000 - 200);
    expect(total).toBeLessThanOrEqual(1000 + 100);
  });
});
