import { mkdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MelCache } from '../../src/main/engine/audio/mel-cache';
import { seededModel } from '../../src/main/engine/embed/init';
import { libraryModelDir, modelVersion, saveWeights } from '../../src/main/engine/embed/weights';
import { disposeModel } from '../../src/main/engine/embed/cnn';
import { Engine } from '../../src/main/engine/engine';
import type { JobProgress } from '../../src/main/engine/jobs/job-progress';
import { trackIdFor } from '../../src/main/engine/store/track-id';
import { writeLibrary, type LibraryFile } from '../helpers/library';
import { tempDir } from '../helpers/synth';

const FILES: LibraryFile[] = [
  { name: 'tone-a', format: 'ogg', signal: { kind: 'sine', freq: 220 } },
  { name: 'tone-b', format: 'mp3', signal: { kind: 'sine', freq: 880 } },
  { name: 'noise', format: 'flac', signal: { kind: 'noise', seed: 3 } },
  { name: 'clicks', format: 'ogg', signal: { kind: 'clicks', bpm: 100 } },
  { name: 'chord', format: 'wav', signal: { kind: 'chord', freqs: [330, 415, 494] } },
];

/** A whole second, so that setting it again restores the file's mtime exactly. */
const MTIME = new Date('2024-05-01T12:00:00Z');

/**
 * Replaces a file's bytes with garbage of the same size and gives it back its modification
 * time: the scan still takes it as unchanged, but decoding it would fail. (Making it unreadable
 * would not do: the suite runs as root, which chmod does not stop.)
 */
async function spoil(path: string): Promise<void> {
  const { size } = await stat(path);
  await writeFile(path, Buffer.alloc(size, 0x5a));
  await utimes(path, MTIME, MTIME);
}

describe('a model change re-embeds the library from the mel cache (real ffmpeg, TF.js, LanceDB)', () => {
  let root: string;
  let paths: Map<string, string>;
  let data: string;
  let engine: Engine;

  beforeAll(async () => {
    root = await tempDir();
    paths = await writeLibrary(join(root, 'music'), FILES);
    for (const path of paths.values()) await utimes(path, MTIME, MTIME);
    data = join(root, 'data');
    // No shipped weights here: the seeded model, whatever the repository ships.
    const resources = join(root, 'resources');
    await mkdir(resources);
    engine = await Engine.open({ dataDir: data, resourcesDir: resources, workers: 1 });
  });

  afterAll(async () => {
    await engine.close();
    await rm(root, { recursive: true, force: true });
  });

  it('switches to a newly saved model and re-embeds without decoding; only an uncached track is decoded', async () => {
    const first = await engine.scan([join(root, 'music')]);
    expect(first).toMatchObject({ analysed: FILES.length, reembedded: 0, failed: [] });
    const oldVersion = (await engine.audioEmbedder()).version;

    // Another model becomes the library's (as train-audio, or another process, would save it).
    const other = seededModel(undefined, 99);
    const newVersion = modelVersion(other);
    await saveWeights(libraryModelDir(data), other);
    disposeModel(other);
    expect(newVersion).not.toBe(oldVersion);

    // Every file but one can no longer be decoded; the one left has no cached log-mel.
    const [kept, ...spoilt] = [...paths.values()];
    for (const path of spoilt) await spoil(path);
    await new MelCache(data).delete(trackIdFor(kept ?? ''));

    const seen: JobProgress[] = [];
    const second = await engine.scan([join(root, 'music')], { onProgress: (p) => seen.push(p) });
    expect(second).toMatchObject({
      reembedded: FILES.length - 1,
      analysed: 1,
      unchanged: FILES.length - 1,
      failed: [],
    });
    expect(seen.some((p) => p.job === 're-embed' && p.done === p.total)).toBe(true);
    expect((await engine.audioEmbedder()).version).toBe(newVersion);
    expect((await engine.status()).modelVersion).toBe(newVersion);
    for (const k of (await engine.store.knownFiles()).values()) {
      expect(k).toMatchObject({ status: 'analysed', modelVersion: newVersion });
    }
    expect([...(await engine.store.modelVersions())]).toEqual([[newVersion, FILES.length]]);
    // The decoded track's log-mel is cached again, so the next change needs no decoding at all.
    expect(await new MelCache(data).has(trackIdFor(kept ?? ''))).toBe(true);
  });

  it('goes back to the shipped model when the library’s own is removed, still without decoding', async () => {
    await spoil([...paths.values()][0] ?? '');
    await rm(libraryModelDir(data), { recursive: true });
    const third = await engine.scan([join(root, 'music')]);
    expect(third).toMatchObject({ reembedded: FILES.length, analysed: 0, failed: [] });
    const version = (await engine.audioEmbedder()).version;
    expect(version).toBe(modelVersion(seededModel()));
    expect([...(await engine.store.modelVersions())]).toEqual([[version, FILES.length]]);
  });
});
