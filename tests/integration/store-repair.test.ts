/**
 * `deepcut repair` rebuilds a damaged library database from the music files and the mel cache,
 * without decoding what the cache holds, and leaves the listening history and the playlists as
 * they were (real ffmpeg, Meyda, TF.js, LanceDB).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { StoreDamagedError } from '../../src/main/engine/store/library-store';
import { runCliProcess } from '../helpers/cli';
import { writeLibrary, type LibraryFile } from '../helpers/library';
import { dataFiles, deleteManifests } from '../helpers/store-damage';
import { tempDir } from '../helpers/synth';
import { cosine } from './store-fixtures';

const FILES: LibraryFile[] = [
  { name: 'tone-a', format: 'ogg', signal: { kind: 'sine', freq: 220 } },
  { name: 'tone-b', format: 'mp3', signal: { kind: 'sine', freq: 880 } },
  { name: 'noise', format: 'flac', signal: { kind: 'noise', seed: 3 } },
  { name: 'clicks', format: 'wav', signal: { kind: 'clicks', bpm: 100 } },
];

let root: string;
let music: string;
let data: string;
let resources: string;
let vectors: Map<string, Float32Array>;

/** SHA-256 of every file under the data folder's profiles/ and playlists/. */
async function historyAndPlaylists(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const sub of ['profiles', 'playlists']) {
    const base = join(data, sub);
    for (const entry of await readdir(base, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = join(entry.parentPath, entry.name);
      out[file] = createHash('sha256')
        .update(await readFile(file))
        .digest('hex');
    }
  }
  return out;
}

beforeAll(async () => {
  root = await tempDir('deepcut-repair-');
  music = join(root, 'music');
  await writeLibrary(music, FILES);
  data = join(root, 'data');
  // The seeded model, whatever the repository ships.
  resources = join(root, 'resources');
  await mkdir(resources);
  const engine = await Engine.open({ dataDir: data, resourcesDir: resources, workers: 1 });
  try {
    expect(await engine.scan([music])).toMatchObject({ analysed: FILES.length, failed: [] });
    const tracks = await engine.store.analysedTracks();
    const version = (await engine.audioEmbedder()).version;
    vectors = await engine.store.vectorsOf(version);
    const first = tracks[0];
    if (first === undefined) throw new Error('no track');
    await engine.recordEvent({
      track: first.id,
      startedAt: '2026-01-02T10:00:00.000Z',
      msPlayed: 5_000,
      end: 'finished',
      source: { kind: 'library' },
    });
    await engine.playlists().save({
      name: 'Kept',
      kind: 'manual',
      trackIds: tracks.map((t) => t.id),
    });
  } finally {
    await engine.close();
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('deepcut repair', () => {
  it('says a healthy library needs nothing, and changes nothing', async () => {
    const result = await runCliProcess(['repair', '--data', data]);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('healthy') });
    expect((await readdir(root)).filter((name) => name.includes('damaged'))).toEqual([]);
  });

  it('rebuilds a damaged database from the mel cache without decoding, history and playlists untouched', async () => {
    const kept = await historyAndPlaylists();
    await rm((await dataFiles(data, 'embeddings'))[0] ?? '');
    // The settings table too: the music folders come from their copy beside the database.
    await deleteManifests(data, 'meta');
    await expect(Engine.open({ dataDir: data, resourcesDir: resources })).rejects.toBeInstanceOf(
      StoreDamagedError,
    );

    // No ffmpeg: any file the repair decoded would fail, so none may be.
    const summary = await Engine.repair({
      dataDir: data,
      resourcesDir: resources,
      workers: 1,
      ffmpegPath: join(root, 'no-ffmpeg'),
    });
    expect(summary.damage.map((d) => d.table).sort()).toEqual(['embeddings', 'meta']);
    expect(summary.folders).toEqual([music]);
    expect(summary.restore).toMatchObject({
      files: FILES.length,
      restored: FILES.length,
      salvaged: FILES.length,
    });
    expect(summary.scan).toMatchObject({ analysed: 0, failed: [], tracks: FILES.length });
    expect(summary.keptAt).toMatch(/library\.damaged-/);
    expect(await readdir(summary.keptAt ?? '')).toContain('tracks.lance');
    expect(await historyAndPlaylists()).toEqual(kept);

    const engine = await Engine.open({ dataDir: data, resourcesDir: resources });
    try {
      expect(await engine.store.counts()).toEqual({
        total: FILES.length,
        analysed: FILES.length,
        failed: 0,
      });
      expect(await engine.store.getFolders()).toEqual([music]);
      const version = (await engine.audioEmbedder()).version;
      const rebuilt = await engine.store.vectorsOf(version);
      // From the cache's bytes rather than the decoder's floats: the same sound, to rounding.
      for (const [id, vector] of vectors) {
        expect(cosine(rebuilt.get(id) ?? new Float32Array(128), vector)).toBeGreaterThan(0.999);
      }
      expect((await engine.playlists().show('Kept')).entries).toHaveLength(FILES.length);
      expect((await engine.eventLog().readAll()).events).toHaveLength(1);
      expect(
        await engine.similar((await engine.store.analysedTracks())[0]?.id ?? '', 2),
      ).toHaveLength(2);
    } finally {
      await engine.close();
    }
  });

  it('reads the tags from the files again when no row of the damaged tracks table reads', async () => {
    for (const file of await dataFiles(data, 'tracks')) await rm(file);
    const summary = await Engine.repair({
      dataDir: data,
      resourcesDir: resources,
      workers: 1,
      ffmpegPath: join(root, 'no-ffmpeg'),
    });
    expect(summary.restore).toMatchObject({ restored: FILES.length, salvaged: 0, failed: 0 });
    expect(summary.scan).toMatchObject({ analysed: 0, failed: [], tracks: FILES.length });
    const engine = await Engine.open({ dataDir: data, resourcesDir: resources });
    try {
      const titles = (await engine.store.analysedTracks()).map((t) => t.title).sort();
      expect(titles).toEqual(FILES.map((f) => f.name).sort());
    } finally {
      await engine.close();
    }
  });
});
