import { connect } from '@lancedb/lancedb';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryStore, StoreError } from '../../src/main/engine/store/library-store';
import type { TrackRecord } from '../../src/main/engine/store/types';
import { tempDir } from '../helpers/synth';
import { cosine, failedTrack, randomTrack, seededRandom, unitVector } from './store-fixtures';

/** Brute-force ranking: ids of `pool` by cosine to `query`, best first. */
function bruteForce(query: Float32Array, pool: readonly TrackRecord[], n: number) {
  return pool
    .map((t) => ({ id: t.id, score: cosine(query, t.vector ?? new Float32Array()) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, n);
}

describe('LibraryStore similarity, exact mode', () => {
  let root: string;
  let store: LibraryStore;
  const random = seededRandom(42);
  const tracks = Array.from({ length: 500 }, (_, i) => randomTrack(i, random));
  const otherModel = Array.from({ length: 50 }, (_, i) => randomTrack(i, random, 'model-b'));

  beforeAll(async () => {
    root = await tempDir('deepcut-store-search-');
    store = await LibraryStore.open(root);
    for (let i = 0; i < tracks.length; i += 32) await store.writeTracks(tracks.slice(i, i + 32));
    await store.writeTracks([...otherModel, failedTrack('/music/broken.mp3', 'bad')]);
  });

  afterAll(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  it('stays exact below the threshold', async () => {
    expect(await store.ensureVectorIndex()).toBe('exact');
    expect(await store.modelVersions()).toEqual(
      new Map([
        ['model-a', 500],
        ['model-b', 50],
      ]),
    );
  });

  it('ranks like brute-force cosine, excluding the seed and other model versions', async () => {
    for (const seed of tracks.slice(0, 20)) {
      const got = await store.similar(seed.id, 25);
      const pool = tracks.filter((t) => t.id !== seed.id);
      const want = bruteForce(seed.vector ?? new Float32Array(), pool, 25);
      expect(got.map((s) => s.track.id)).toEqual(want.map((w) => w.id));
      got.forEach((s, i) => expect(s.score).toBeCloseTo(want[i]?.score ?? NaN, 5));
      expect(got.every((s) => s.track.modelVersion === 'model-a')).toBe(true);
    }
  });

  it('returns whole tracks and honours excluded ids', async () => {
    const query = unitVector(random);
    const top = bruteForce(query, tracks, 6);
    const excluded = top.slice(0, 3).map((t) => t.id);
    const got = await store.nearest(query, 'model-a', 3, excluded);
    expect(got.map((s) => s.track.id)).toEqual(top.slice(3).map((t) => t.id));
    const want = tracks.find((t) => t.id === got[0]?.track.id);
    expect(got[0]?.track.path).toBe(want?.path);
    expect(got[0]?.track.title).toBe(want?.title);
  });

  it('searches the other model version on its own', async () => {
    const seed = otherModel[0];
    const got = await store.similar(seed?.id ?? '', 100);
    expect(got).toHaveLength(49);
    expect(new Set(got.map((s) => s.track.modelVersion))).toEqual(new Set(['model-b']));
  });

  it('refuses a seed without an embedding', async () => {
    const broken = await store.findByPath('/music/broken.mp3');
    await expect(store.similar(broken?.id ?? '', 5)).rejects.toThrow(StoreError);
    await expect(store.similar(broken?.id ?? '', 5)).rejects.toThrow('track has no embedding');
  });
});

describe('LibraryStore similarity while models change', () => {
  let root: string;
  let store: LibraryStore;
  const random = seededRandom(7);

  beforeAll(async () => {
    root = await tempDir('deepcut-store-models-');
    store = await LibraryStore.open(root);
  });

  afterAll(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  // A library of one model is searched without the version filter; vectors of a second model
  // written afterwards must not leak into the first model's results.
  it('returns only the model asked for, before and after another model arrives', async () => {
    const first = Array.from({ length: 40 }, (_, i) => randomTrack(i, random, 'model-a'));
    await store.writeTracks(first);
    const query = unitVector(random);
    const before = await store.nearestIds(query, 'model-a', 100);
    expect(new Set(before.map((h) => h.id))).toEqual(new Set(first.map((t) => t.id)));

    const second = Array.from({ length: 40 }, (_, i) => randomTrack(100 + i, random, 'model-b'));
    await store.writeTracks(second);
    const after = await store.nearestIds(query, 'model-a', 100);
    expect(after.map((h) => h.id)).toEqual(before.map((h) => h.id));
    const other = await store.nearestIds(query, 'model-b', 100);
    expect(new Set(other.map((h) => h.id))).toEqual(new Set(second.map((t) => t.id)));
  });
});

describe('LibraryStore similarity, ANN mode', () => {
  let root: string;
  let store: LibraryStore;
  const random = seededRandom(1234);
  const tracks = Array.from({ length: 1000 }, (_, i) => randomTrack(i, random));

  beforeAll(async () => {
    root = await tempDir('deepcut-store-ann-');
    store = await LibraryStore.open(root, { annThreshold: 256 });
    for (let i = 0; i < tracks.length; i += 100) await store.writeTracks(tracks.slice(i, i + 100));
  });

  afterAll(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  it('builds a cosine index at the threshold and keeps recall@10 at or above 0.8', async () => {
    expect(await store.ensureVectorIndex()).toBe('ann');
    const db = await connect(join(root, 'library'));
    const indices = await (await db.openTable('embeddings')).listIndices();
    db.close();
    expect(indices.map((i) => i.columns)).toEqual([['vector']]);

    let top1 = 0;
    let recall = 0;
    const seeds = tracks.slice(0, 100);
    for (const seed of seeds) {
      const got = await store.similar(seed.id, 10);
      const pool = tracks.filter((t) => t.id !== seed.id);
      const want = bruteForce(seed.vector ?? new Float32Array(), pool, 10);
      const wantIds = new Set(want.map((w) => w.id));
      if (got[0]?.track.id === want[0]?.id) top1++;
      recall += got.filter((s) => wantIds.has(s.track.id)).length / 10;
      // Scores are exact cosine after the refine step, whatever the index's own distances.
      for (const s of got) {
        const t = tracks.find((x) => x.id === s.track.id);
        expect(s.score).toBeCloseTo(
          cosine(seed.vector ?? new Float32Array(), t?.vector ?? new Float32Array()),
          4,
        );
      }
    }
    console.info(
      `ANN on 1000 random vectors: top-1 ${top1 / seeds.length}, recall@10 ${recall / seeds.length}`,
    );
    expect(recall / seeds.length).toBeGreaterThanOrEqual(0.8);
    expect(top1 / seeds.length).toBeGreaterThanOrEqual(0.8);
  });

  it('finds vectors written after the index was built, before and after re-indexing', async () => {
    const fresh = Array.from({ length: 50 }, (_, i) => randomTrack(5000 + i, random));
    await store.writeTracks(fresh);
    for (const reindexed of [false, true]) {
      if (reindexed) expect(await store.ensureVectorIndex()).toBe('ann');
      for (const t of fresh.slice(0, 10)) {
        const [best] = await store.nearest(t.vector ?? new Float32Array(), 'model-a', 1);
        expect(best?.track.id).toBe(t.id);
        expect(best?.score).toBeCloseTo(1, 5);
      }
    }
    const db = await connect(join(root, 'library'));
    const table = await db.openTable('embeddings');
    const [index] = await table.listIndices();
    const stats = index ? await table.indexStats(index.name) : undefined;
    db.close();
    expect(stats?.numUnindexedRows).toBe(0);
    expect(stats?.numIndexedRows).toBe(1050);
  });

  it('keeps the index across reopen and compaction', async () => {
    await store.compact();
    await store.close();
    store = await LibraryStore.open(root, { annThreshold: 256 });
    const seed = tracks[7];
    const got = await store.similar(seed?.id ?? '', 5);
    expect(got).toHaveLength(5);
    expect(got.map((s) => s.track.id)).not.toContain(seed?.id);
    const db = await connect(join(root, 'library'));
    const table = await db.openTable('embeddings');
    const [index] = await table.listIndices();
    const stats = index ? await table.indexStats(index.name) : undefined;
    db.close();
    expect(stats).toMatchObject({ numIndexedRows: 1050, numUnindexedRows: 0 });
  });
});
