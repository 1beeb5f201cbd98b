import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../src/shared/api-contract';
import type { TrackPage } from '../../src/shared/api-types';
import type { TrackRecord } from '../../src/main/engine/store/types';
import { analysedTrack, seededRandom, unitVector } from '../integration/store-fixtures';
import { openHost, type HostFixture } from './api-fixtures';

let fx: HostFixture;
const random = seededRandom(7);

function track(name: string, tags: Partial<TrackRecord>): TrackRecord {
  return analysedTrack(`/music/${name}.flac`, unitVector(random), { title: name, ...tags });
}

const TRACKS = [
  track('Zebra', {
    artist: 'Béla',
    album: 'Stripes',
    discNo: 1,
    trackNo: 2,
    year: 2001,
    durationSec: 200,
    loudness: { integratedLufs: -10, peak: 0.8 },
    artwork: '0123456789abcdef01234567',
  }),
  track('apple', {
    artist: 'bela',
    album: 'Stripes',
    discNo: 1,
    trackNo: 1,
    year: 2001,
    durationSec: 100,
    loudness: { integratedLufs: -20, peak: 0.95 },
    inferred: ['album'],
  }),
  track('Mango', {
    artist: null,
    album: null,
    discNo: null,
    trackNo: null,
    year: null,
    durationSec: null,
  }),
  track('Éclair', {
    artist: 'Chopin',
    album: 'Nocturnes',
    discNo: 2,
    trackNo: 1,
    year: 1830,
    durationSec: 300,
  }),
  track('Berry', {
    artist: 'Chopin',
    album: 'Nocturnes',
    discNo: 1,
    trackNo: 9,
    year: 1830,
    durationSec: 50,
  }),
];

beforeAll(async () => {
  fx = await openHost('list');
  await fx.engine.store.writeTracks(TRACKS);
});
afterAll(() => fx.close());

async function list(arg: object): Promise<TrackPage> {
  const reply = (await fx.host.dispatch('library:list-tracks', arg)) as ApiResult<TrackPage>;
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
}

const titles = (page: TrackPage): string[] => page.rows.map((row) => row.title);

describe('library:list-tracks', () => {
  it('sorts by title, ignoring case and accents, in both directions', async () => {
    expect(titles(await list({}))).toEqual(['apple', 'Berry', 'Éclair', 'Mango', 'Zebra']);
    expect(titles(await list({ sort: 'title', direction: 'desc' }))).toEqual([
      'Zebra',
      'Mango',
      'Éclair',
      'Berry',
      'apple',
    ]);
  });

  it('sorts by artist, then album, disc and track number; a missing tag goes last either way', async () => {
    expect(titles(await list({ sort: 'artist' }))).toEqual([
      'apple',
      'Zebra',
      'Berry',
      'Éclair',
      'Mango',
    ]);
    expect(titles(await list({ sort: 'artist', direction: 'desc' })).at(-1)).toBe('Mango');
    expect(titles(await list({ sort: 'album' }))).toEqual([
      'Berry',
      'Éclair',
      'apple',
      'Zebra',
      'Mango',
    ]);
    expect(titles(await list({ sort: 'duration' }))).toEqual([
      'Berry',
      'apple',
      'Zebra',
      'Éclair',
      'Mango',
    ]);
    expect(titles(await list({ sort: 'year', direction: 'desc' }))).toEqual([
      'apple',
      'Zebra',
      'Berry',
      'Éclair',
      'Mango',
    ]);
  });

  it('pages through the matches', async () => {
    const page = await list({ offset: 2, limit: 2 });
    expect(page).toMatchObject({ total: 5, offset: 2 });
    expect(titles(page)).toEqual(['Éclair', 'Mango']);
    expect((await list({ offset: 10 })).rows).toEqual([]);
  });

  it('searches title, artist and album for every word, without case or accents', async () => {
    expect(titles(await list({ search: 'BELA' }))).toEqual(['apple', 'Zebra']);
    expect(titles(await list({ search: 'chopin ecl' }))).toEqual(['Éclair']);
    expect(titles(await list({ search: 'noct', sort: 'title', direction: 'desc' }))).toEqual([
      'Éclair',
      'Berry',
    ]);
    expect(await list({ search: 'nothing-like-this' })).toMatchObject({ total: 0, rows: [] });
  });

  it('shows the row fields and nothing private', async () => {
    const [row] = (await list({ search: 'zebra' })).rows;
    expect(row).toEqual({
      id: TRACKS[0]?.id,
      title: 'Zebra',
      artist: 'Béla',
      album: 'Stripes',
      albumArtist: 'Album Artist',
      trackNo: 2,
      discNo: 1,
      year: 2001,
      genre: 'Electronic',
      durationSec: 200,
      status: 'analysed',
      artwork: true,
      loudness: {
        trackGainDb: -8,
        trackPeak: 0.8,
        // The album's tracks' energy mean, by length: 10·log10((200·10^-1 + 100·10^-2) / 300).
        albumGainDb: expect.closeTo(-18 - 10 * Math.log10(21 / 300), 6) as number,
        albumPeak: 0.95,
        source: 'measured',
      },
      inferred: [],
    });
  });

  it('marks inferred tags, and reads the same levelling for the player by id', async () => {
    const rows = (await list({ search: 'stripes' })).rows;
    expect(rows.map((r) => [r.title, r.inferred])).toEqual([
      ['apple', ['album']],
      ['Zebra', []],
    ]);
    const ids = [TRACKS[1]?.id ?? '', 'ffffffffffffffff', TRACKS[0]?.id ?? ''];
    const playback = await fx.host.dispatch('library:get-playback', { ids });
    expect(playback).toMatchObject({
      ok: true,
      value: [
        { id: ids[0], durationSec: 100, artwork: false, loudness: { trackGainDb: 2 } },
        { id: ids[2], durationSec: 200, artwork: true, loudness: { trackGainDb: -8 } },
      ],
    });
  });

  it('sees the library change after a write', async () => {
    await fx.engine.store.writeTracks([track('Kiwi', { artist: 'New' })]);
    expect(titles(await list({}))).toContain('Kiwi');
    await fx.engine.store.removeTracks([TRACKS[0]?.id ?? '']);
    const after = await list({});
    expect(after.total).toBe(5);
    expect(titles(after)).not.toContain('Zebra');
  });
});
