import { describe, expect, it } from 'vitest';
import { bestKMeans, kMeans } from '../../src/main/engine/recommend/kmeans';
import type { SnapshotTrack } from '../../src/main/engine/recommend/library-snapshot';
import { mixName } from '../../src/main/engine/recommend/mixes';
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
  const group = (tags: readonly { artist: string | null; genre: string | null }[]) =>
    asSnapshot(
      clusteredTracks({ clusters: 1, perCluster: tags.length, tags: (_, i) => tags[i] ?? {} }),
    );

  it('names a mix after its dominant genre and its top two artists', () => {
    const tags = [
      ...Array.from({ length: 5 }, () => ({ artist: 'Wansti', genre: 'Soundtrack' })),
      ...Array.from({ length: 3 }, () => ({ artist: 'Maxstack', genre: 'soundtrack' })),
      ...Array.from({ length: 2 }, () => ({ artist: 'Flan', genre: null })),
      { artist: 'Solo', genre: 'Rock' },
    ];
    expect(mixName(group(tags))).toBe('Soundtrack · Wansti & Maxstack');
  });

  it('leaves out a genre that does not dominate and artists with one track', () => {
    const tags = [
      { artist: 'A', genre: 'Rock' },
      { artist: 'A', genre: 'Jazz' },
      { artist: 'B', genre: 'Pop' },
      { artist: '<Unknown>', genre: '(None)' },
      { artist: '<Unknown>', genre: '(None)' },
    ];
    expect(mixName(group(tags))).toBe('A');
    expect(mixName(group([{ artist: null, genre: null }]))).toBeNull();
  });
});
