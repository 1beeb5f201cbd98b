import { connect } from '@lancedb/lancedb';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LibraryStore, StoreError } from '../../src/main/engine/store/library-store';
import { trackIdFor } from '../../src/main/engine/store/track-id';
import type { TrackRecord } from '../../src/main/engine/store/types';
import { tempDir } from '../helpers/synth';
import { analysedTrack, failedTrack, seededRandom, unitVector } from './store-fixtures';

/** The StoredTrack a record should read back as; toEqual treats undefined keys as absent. */
const stored = (r: TrackRecord) => ({ ...r, vector: undefined, thumbnail: undefined });

describe('LibraryStore', () => {
  let root: string;
  let dataDir: string;
  let store: LibraryStore;
  const random = seededRandom(7);

  beforeEach(async () => {
    root = await tempDir('deepcut-store-');
    dataDir = join(root, 'nested', 'data');
    store = await LibraryStore.open(dataDir);
  });

  afterEach(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  it('opens empty, creating the data folder', async () => {
    expect(store.dataDir).toBe(dataDir);
    expect(await store.counts()).toEqual({ total: 0, analysed: 0, failed: 0 });
    expect((await store.knownFiles()).size).toBe(0);
    expect(await store.failures()).toEqual([]);
    expect(await store.getFolders()).toEqual([]);
    expect((await store.modelVersions()).size).toBe(0);
    expect(await store.getTrack('0000000000000000')).toBeNull();
    expect(await store.ensureVectorIndex()).toBe('exact');
  });

  it('round-trips every field, including nulls, thumbnail and vector', async () => {
    const thumbData = Uint8Array.from({ length: 64 * 128 }, (_, i) => (i * 31) % 256);
    const full = analysedTrack('/music/a.flac', unitVector(random), {
      thumbnail: { bands: 64, frames: 128, data: thumbData },
    });
    const failed = failedTrack('/music/b.mp3', 'decoder: invalid data');
    await store.writeTracks([full, failed]);

    expect(await store.getTrack(full.id)).toEqual(stored(full));
    expect(await store.getTrack(failed.id)).toEqual(stored(failed));
    expect(await store.findByPath('/music/b.mp3')).toEqual(stored(failed));
    // Many paths at once, in batches, repeats and unknown ones included.
    const asked = [
      '/music/b.mp3',
      '/music/b.mp3',
      ...Array.from({ length: 2_500 }, (_, i) => `/x/${i}.mp3`),
    ];
    expect(await store.findByPaths([...asked, full.path])).toEqual(
      new Map([
        ['/music/b.mp3', stored(failed)],
        [full.path, stored(full)],
      ]),
    );
    expect(await store.thumbnail(full.id)).toEqual(full.thumbnail);
    expect(await store.thumbnail(failed.id)).toBeNull();
    expect(await store.vector(full.id)).toEqual({ vector: full.vector, modelVersion: 'model-a' });
    expect(await store.vector(failed.id)).toBeNull();
    expect(await store.counts()).toEqual({ total: 2, analysed: 1, failed: 1 });
    expect(await store.failures()).toEqual([
      { path: '/music/b.mp3', reason: 'decoder: invalid data' },
    ]);
    expect(await store.modelVersions()).toEqual(new Map([['model-a', 1]]));
  });

  it('counts analysed tracks, all or those analysed after a time', async () => {
    const at = (path: string, analysedAt: number) =>
      analysedTrack(path, unitVector(random), { analysedAt });
    await store.writeTracks([
      at('/music/old.flac', 1_000),
      at('/music/edge.flac', 2_000),
      at('/music/new.flac', 3_000),
      failedTrack('/music/bad.mp3', 'decoder: invalid data'),
    ]);
    expect(await store.analysedCount()).toBe(3);
    expect(await store.analysedCount(2_000)).toBe(1);
    expect(await store.analysedCount(0)).toBe(3);
    await expect(store.analysedCount(NaN)).rejects.toThrow('no SQL literal');
  });

  it('upserts by id, and a record without a vector removes the old vector', async () => {
    const first = analysedTrack('/music/a.flac', unitVector(random));
    await store.writeTracks([first]);
    const retagged = { ...first, title: 'New title', size: 99, vector: unitVector(random) };
    await store.writeTracks([retagged]);
    expect(await store.counts()).toEqual({ total: 1, analysed: 1, failed: 0 });
    expect((await store.getTrack(first.id))?.title).toBe('New title');
    expect((await store.vector(first.id))?.vector).toEqual(retagged.vector);

    await store.writeTracks([{ ...failedTrack('/music/a.flac', 'now broken') }]);
    expect(await store.vector(first.id)).toBeNull();
    expect(await store.counts()).toEqual({ total: 1, analysed: 0, failed: 1 });
    expect((await store.modelVersions()).size).toBe(0);
  });

  it('keeps the last record when a batch repeats an id', async () => {
    const a = analysedTrack('/music/a.flac', unitVector(random));
    await store.writeTracks([a, { ...a, title: 'second' }]);
    expect(await store.counts()).toEqual({ total: 1, analysed: 1, failed: 0 });
    expect((await store.getTrack(a.id))?.title).toBe('second');
  });

  it('removes tracks with their vectors', async () => {
    const a = analysedTrack('/music/a.flac', unitVector(random));
    const b = analysedTrack('/music/b.flac', unitVector(random));
    await store.writeTracks([a, b]);
    await store.removeTracks([a.id]);
    expect(await store.getTrack(a.id)).toBeNull();
    expect(await store.vector(a.id)).toBeNull();
    expect(await store.getTrack(b.id)).not.toBeNull();
    expect(await store.modelVersions()).toEqual(new Map([['model-a', 1]]));
  });

  it('reports known files by path with identity, status and model version', async () => {
    const a = analysedTrack('/music/a.flac', unitVector(random), { modelVersion: 'model-b' });
    const f = failedTrack('/music/f.mp3', 'bad');
    await store.writeTracks([a, f]);
    const known = await store.knownFiles();
    expect([...known.keys()].sort()).toEqual(['/music/a.flac', '/music/f.mp3']);
    expect(known.get('/music/a.flac')).toEqual({
      id: a.id,
      size: a.size,
      mtimeMs: a.mtimeMs,
      status: 'analysed',
      modelVersion: 'model-b',
      analysisVersion: 2,
    });
    expect(known.get('/music/f.mp3')).toMatchObject({ status: 'failed', modelVersion: null });
  });

  it('writes each batch as one commit per table, vectors first', async () => {
    const db = await connect(join(dataDir, 'library'));
    const tracks = await db.openTable('tracks');
    const embeddings = await db.openTable('embeddings');
    const before = [await tracks.version(), await embeddings.version()];
    const batch = Array.from({ length: 32 }, (_, i) =>
      i % 4 === 0
        ? failedTrack(`/m/${i}.mp3`, 'bad')
        : analysedTrack(`/m/${i}.mp3`, unitVector(random)),
    );
    await store.writeTracks(batch);
    await tracks.checkoutLatest();
    await embeddings.checkoutLatest();
    expect([await tracks.version(), await embeddings.version()]).toEqual(before.map((v) => v + 1));
    const commits = await embeddings.listVersions();
    const trackCommits = await tracks.listVersions();
    const lastVector = commits.at(-1)?.timestamp.getTime() ?? 0;
    const lastTrack = trackCommits.at(-1)?.timestamp.getTime() ?? 0;
    expect(lastVector).toBeLessThanOrEqual(lastTrack);
    db.close();
  });

  it('treats a track whose vector is missing or from another model as needing analysis', async () => {
    const lost = analysedTrack('/music/lost.flac', unitVector(random));
    const moved = analysedTrack('/music/moved.flac', unitVector(random));
    const orphan = analysedTrack('/music/orphan.flac', unitVector(random));
    await store.writeTracks([lost, moved, orphan]);
    // Recreate what a kill between the two commits leaves behind, using the tables directly.
    const db = await connect(join(dataDir, 'library'));
    const embeddings = await db.openTable('embeddings');
    await embeddings.delete(`id = '${lost.id}'`);
    await embeddings.update({ where: `id = '${moved.id}'`, values: { model_version: 'model-z' } });
    await (await db.openTable('tracks')).delete(`id = '${orphan.id}'`);
    db.close();
    await store.close();
    store = await LibraryStore.open(dataDir);

    const known = await store.knownFiles();
    expect(known.get(lost.path)?.modelVersion).toBeNull();
    expect(known.get(moved.path)?.modelVersion).toBeNull();
    expect(known.has(orphan.path)).toBe(false);
    const near = await store.nearest(orphan.vector ?? new Float32Array(), 'model-a', 5);
    expect(near.map((s) => s.track.id)).not.toContain(orphan.id);
    await store.compact();
    expect(await store.vector(orphan.id)).toBeNull();
    expect(await store.vector(moved.id)).not.toBeNull();
  });

  it('quotes paths with quotes, backslashes and unicode safely', async () => {
    const paths = [
      "/music/Guns N' Roses/Sweet Child O' Mine.mp3",
      '/music/Sigur Rós/( )/Njósnavélin — 日本語 ♫ 🎵.flac',
      '/music/odd\\dir/it\'\'s %_ "quoted".ogg',
      "/music/'; DROP TABLE tracks; --.mp3",
    ];
    await store.writeTracks(paths.map((p) => analysedTrack(p, unitVector(random), { title: p })));
    for (const p of paths) {
      expect((await store.findByPath(p))?.title).toBe(p);
      expect(await store.thumbnail(trackIdFor(p))).toBeNull();
    }
    expect(new Set((await store.knownFiles()).keys())).toEqual(new Set(paths));
    await store.removeTracks([trackIdFor(paths[0] ?? '')]);
    expect(await store.counts()).toMatchObject({ total: 3 });
    await store.setFolders(paths);
    expect(await store.getFolders()).toEqual(paths);
  });

  it('refuses thumbnails over 16 KB or of the wrong size, writing nothing', async () => {
    const big = { bands: 128, frames: 129, data: new Uint8Array(128 * 129) };
    const wrong = { bands: 10, frames: 10, data: new Uint8Array(99) };
    for (const thumbnail of [big, wrong]) {
      await expect(
        store.writeTracks([analysedTrack('/music/a.flac', unitVector(random), { thumbnail })]),
      ).rejects.toThrow(StoreError);
    }
    expect(await store.counts()).toMatchObject({ total: 0 });
    expect((await store.modelVersions()).size).toBe(0);
  });

  it('keeps tracks, vectors and folders across close and reopen', async () => {
    const a = analysedTrack('/music/a.flac', unitVector(random));
    await store.writeTracks([a]);
    await store.setFolders(['/music', '/more music']);
    await store.setFolders(['/music', '/other']);
    await store.close();
    store = await LibraryStore.open(dataDir);
    expect(await store.getTrack(a.id)).toEqual(stored(a));
    expect((await store.vector(a.id))?.vector).toEqual(a.vector);
    expect(await store.getFolders()).toEqual(['/music', '/other']);
  });

  it('refuses a data folder that cannot be created', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'not a folder');
    const dir = join(file, 'data');
    const opened = LibraryStore.open(dir);
    await expect(opened).rejects.toThrow(StoreError);
    await expect(opened).rejects.toThrow(`data folder is not writable: ${dir} (`);
  });

  it('gives stable 16-hex-digit ids from paths', () => {
    // The first 16 hex digits of the SHA-256 of the empty string (FIPS 180-4 test vector).
    expect(trackIdFor('')).toBe('e3b0c44298fc1c14');
    expect(trackIdFor('/music/a.flac')).toMatch(/^[0-9a-f]{16}$/);
    expect(trackIdFor('/music/a.flac')).toBe(trackIdFor('/music/a.flac'));
    expect(trackIdFor('/music/a.flac')).not.toBe(trackIdFor('/music/A.flac'));
  });
});
