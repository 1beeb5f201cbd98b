import { describe, expect, it } from 'vitest';
import { bestKMeans, kMeans } from '../../src/main/engine/recommend/kmeans';
import type { SnapshotTrack } from '../../src/main/engine/recommend/library-snapshot';
import { mixLabel } from '../../src/main/engine/recommend/mix-names';
import { clusteredTracks } from '../integration/recommend-fixtures';

const asSnapshot = (tracks: ReturnType<typeof clusteredTracks>): SnapshotTrack[] =>
  tracks.map((t) => ({ track: t, vector: t.vector }));

describe('k-means for mixes', () => {
  it('finds well-separated clusters exactly, the same way every time', () => {
    const tracks = clusteredTracks({ clusters: 5, perCluster: 30, spread: 0.5, seed: 3 });
    const { assignment } = kMeans(
      tracks.map((t) => t.vector),
      5,
    );
    for (let c = 0; c < 5; c++) {
      const labels = new Set(tracks.flatMap((t, i) => (t.cluster === c ? [assignment[i]] : [])));
      expect(labels.size).toBe(1);
    }
    expect(
      kMeans(
        tracks.map((t) => t.vector),
        5,
      ).assignment,
    ).toEqual(assignment);
  });

  it('picks the number of clusters the data has, within 4 … 8', () => {
    const six = clusteredTracks({ clusters: 6, perCluster: 25, spread: 0.4, seed: 4 });
    expect(
      bestKMeans(
        six.map((t) => t.vector),
        4,
        8,
      ).centroids,
    ).toHaveLength(6);
    const two = clusteredTracks({ clusters: 2, perCluster: 40, spread: 0.4, seed: 5 });
    expect(
      bestKMeans(
        two.map((t) => t.vector),
        4,
        8,
      ).centroids,
    ).toHaveLength(4);
  });
});

describe('mix names', () => {
  type Tags = Readonly<{
    artist?: string | null;
    genre?: string | null;
    album?: string | null;
    path?: string;
  }>;
  const group = (tags: readonly Tags[]) =>
    asSnapshot(
      clusteredTracks({
        clusters: 1,
        perCluster: tags.length,
        // Each file in a folder of its own unless a test says otherwise.
        tags: (_, i) => ({
          artist: null,
          albumArtist: null,
          album: null,
          genre: null,
          path: `/music/folder ${i}/track.flac`,
          ...tags[i],
        }),
      }),
    );
  const name = (tags: readonly Tags[]) => mixLabel(group(tags))?.name ?? null;
  const times = (n: number, tags: Tags): Tags[] => Array.from({ length: n }, () => tags);

  it('names a mix after a value held by at least half of it', () => {
    expect(name([...times(6, { album: 'UFO: AI' }), ...times(4, { album: 'Other' })])).toBe(
      'UFO: AI',
    );
    expect(name([...times(5, { genre: 'Soundtrack' }), ...times(5, { genre: 'soundtrack' })])).toBe(
      'Soundtrack',
    );
  });

  it('never names a mix after two artists who hold a tenth of it', () => {
    const tags = [
      ...times(2, { artist: 'Wansti' }),
      ...times(2, { artist: 'Maxstack' }),
      ...Array.from({ length: 36 }, (_, i) => ({ artist: `Solo ${i}` })),
    ];
    expect(name(tags)).toBeNull();
  });

  it('names two of a kind when together they hold most of it', () => {
    const tags = [...times(4, { artist: 'A' }), ...times(3, { artist: 'B' }), ...times(3, {})];
    expect(name(tags)).toBe('A & B');
  });

  it('falls back on the folder the files sit in, past a disc folder', () => {
    const tags = [
      ...Array.from({ length: 6 }, (_, i) => ({ path: `/music/Soundtracks/ufoai/track ${i}.ogg` })),
      ...Array.from({ length: 2 }, (_, i) => ({ path: `/music/Hedgewars/CD1/t${i}.ogg` })),
      ...Array.from({ length: 2 }, (_, i) => ({ path: `/music/Hedgewars/CD2/t${i}.ogg` })),
    ];
    expect(mixLabel(group(tags))).toEqual({ name: 'ufoai', kind: 'folder', share: 0.6 });
    expect(name(tags.slice(6))).toBe('Hedgewars');
  });

  it('ignores placeholder tags', () => {
    expect(name(times(5, { artist: '<Unknown>', genre: '(None)', album: 'Unknown' }))).toBeNull();
  });
});
