/**
 * The data folder on a full disk and on a read-only one (a tmpfs this test mounts; skipped with
 * the reason where mounting is refused). A scan, NeuMF training, event writes and playlist saves
 * each end with a clear error; nothing acknowledged before is lost; once space is freed the next
 * run completes (real LanceDB, ffmpeg, Meyda, TF.js).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { loadLibraryModel } from '../../src/main/engine/cf/library-model';
import { storageFault } from '../../src/main/engine/store/storage-fault';
import type { ListeningEvent } from '../../src/shared/events';
import { runCliProcess } from '../helpers/cli';
import { writeLibrary, type LibraryFile } from '../helpers/library';
import { SmallDisk, smallDiskRefusal } from '../helpers/small-disk';
import { tempDir } from '../helpers/synth';

const tones = (prefix: string, n: number, base: number): LibraryFile[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `${prefix}-${i}`,
    format: 'ogg',
    signal: { kind: 'sine', freq: base + 40 * i },
  }));

let root = '';
let first = '';
let second = '';
let data = '';
let disk: SmallDisk | null = null;
let engine: Engine | null = null;

/** The error `run` fails with, checked to be the disk's and worded for a person. */
async function diskFailure(run: () => Promise<unknown>, kind: RegExp): Promise<string> {
  const error: unknown = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the write should fail on the full disk').not.toBeNull();
  const fault = storageFault(error, data);
  expect(fault, `not a disk error: ${String(error)}`).not.toBeNull();
  expect(fault?.message).toMatch(kind);
  expect(fault?.message).toMatch(/what was saved before is kept$/);
  return fault?.message ?? '';
}

const FULL = /^the disk holding the data folder .* is full: free some space on it and run again/;

function open(): Engine {
  if (engine === null) throw new Error('no engine');
  return engine;
}

describe.skipIf(smallDiskRefusal !== null)(
  `the data folder on a small disk${smallDiskRefusal === null ? '' : ` (skipped: ${smallDiskRefusal})`}`,
  () => {
    beforeAll(async () => {
      root = await tempDir('deepcut-small-disk-');
      first = join(root, 'first');
      second = join(root, 'second');
      await writeLibrary(first, tones('first', 4, 200));
      await writeLibrary(second, tones('second', 8, 700));
      data = join(root, 'data');
      disk = SmallDisk.mount(data, 16);
      engine = await Engine.open({ dataDir: data, workers: 1 });
      expect(await engine.scan([first])).toMatchObject({ analysed: 4, failed: [] });
    }, 120_000);
    afterAll(async () => {
      await engine?.close().catch(() => undefined);
      disk?.unmount();
    });

    it('a scan that fills the disk fails clearly, keeps what was stored, and resumes', async () => {
      const before = await open().store.analysedTracks();
      await disk?.fill(150_000);
      await diskFailure(() => open().scan([first, second]), FULL);
      // The first folder's tracks, stored before, are all still there with their vectors.
      const kept = await open().store.analysedTracks();
      expect(kept.map((t) => t.id)).toEqual(expect.arrayContaining(before.map((t) => t.id)));
      expect((await open().similar(before[0]?.id ?? '', 3)).length).toBeGreaterThan(0);
      await disk?.release();
      // A fresh engine, as the next run would be: the store opens and the scan finishes.
      await open().close();
      engine = await Engine.open({ dataDir: data, workers: 1 });
      const resumed = await open().scan([first, second]);
      expect(resumed.failed).toEqual([]);
      expect(resumed.unchanged).toBeGreaterThanOrEqual(4);
      expect(await open().store.counts()).toMatchObject({ total: 12, analysed: 12 });
    }, 180_000);

    it('event writes fail clearly on a full disk, and no acknowledged event is lost', async () => {
      const tracks = await open().store.analysedTracks();
      const acknowledged: ListeningEvent[] = [];
      for (const [i, t] of tracks.slice(0, 6).entries()) {
        acknowledged.push(
          await open().recordEvent({
            track: t.id,
            startedAt: new Date(Date.UTC(2026, 10, 1, 10, i * 4)).toISOString(),
            msPlayed: 6_000,
            end: 'finished',
            source: { kind: 'library' },
          }),
        );
      }
      await disk?.fill(0);
      // A batch larger than any slack a full disk leaves in a page that is already allocated.
      const batch = Array.from({ length: 80 }, (_, i) => ({
        track: tracks[i % tracks.length]?.id ?? '',
        startedAt: new Date(Date.UTC(2026, 10, 2, 10, i * 4)).toISOString(),
        msPlayed: 3_000,
        durationMs: 6_000,
        end: 'next',
        source: { kind: 'library' },
      }));
      await diskFailure(() => open().eventLog().appendMany(batch), FULL);
      await disk?.release();
      const later = await open().recordEvent({
        track: tracks[0]?.id ?? '',
        startedAt: '2026-11-03T10:00:00.000Z',
        msPlayed: 6_000,
        end: 'finished',
        source: { kind: 'library' },
      });
      const log = await open().eventLog().readAll();
      expect(log.events).toEqual(expect.arrayContaining([...acknowledged, later]));
      // At most the failed write's cut line, which the next write ended and readers skip.
      expect(log.corrupt.length).toBeLessThanOrEqual(1);
      expect(log.torn).toBeNull();
    }, 60_000);

    it('NeuMF training fails clearly on a full disk, keeps its last model, and trains once freed', async () => {
      const trained = await open().trainCf({ epochs: 2 });
      expect(trained.trained).toBe(true);
      await open().recordEvent({
        track: (await open().store.analysedTracks())[5]?.id ?? '',
        startedAt: '2026-11-04T10:00:00.000Z',
        msPlayed: 6_000,
        end: 'finished',
        source: { kind: 'library' },
      });
      await disk?.fill(0);
      await diskFailure(() => open().trainCf({ epochs: 2 }), FULL);
      expect((await loadLibraryModel(data, 'default'))?.version).toBe(trained.version);
      await disk?.release();
      const again = await open().trainCf({ epochs: 2 });
      expect(again.trained).toBe(true);
      expect(again.version).not.toBe(trained.version);
      expect((await loadLibraryModel(data, 'default'))?.version).toBe(again.version);
      const cf = await readdir(join(data, 'profiles', 'default', 'cf'));
      expect(cf.sort()).toEqual(['current.json', again.version].sort());
    }, 120_000);

    it('a playlist save fails clearly on a full disk, and the saved playlist stays whole', async () => {
      const ids = (await open().store.analysedTracks()).map((t) => t.id);
      const saved = await open()
        .savedPlaylists()
        .save({ name: 'Kept', kind: 'manual', trackIds: ids.slice(0, 3) });
      await disk?.fill(0);
      const big = Array.from({ length: 40 }, (_, i) => ids[i % ids.length] ?? '');
      await diskFailure(
        () => open().savedPlaylists().save({ name: 'Kept', kind: 'manual', trackIds: big }),
        FULL,
      );
      expect(await open().savedPlaylists().get('Kept')).toEqual(saved);
      expect(await readdir(join(data, 'playlists'))).toEqual(['kept.json']);
      await disk?.release();
      const replaced = await open()
        .savedPlaylists()
        .save({ name: 'Kept', kind: 'manual', trackIds: big });
      expect(replaced.entries).toHaveLength(40);
    }, 60_000);

    it('the command line says the disk is full in one line (exit 2)', async () => {
      await open().close();
      engine = null;
      await disk?.fill(0);
      try {
        const result = await runCliProcess(['scan', second, '--data', data]);
        expect(result.code).toBe(2);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(result.stderr).toMatch(
          /^deepcut: the disk holding the data folder .* is full: free some space on it and run again/,
        );
      } finally {
        await disk?.release();
      }
    }, 60_000);

    it('a read-only data folder is refused on open with what to do', async () => {
      disk?.readOnly(true);
      try {
        const error: unknown = await Engine.open({ dataDir: data }).then(
          async (e) => {
            await e.close();
            return null;
          },
          (e: unknown) => e,
        );
        expect(String(error)).toMatch(
          /the data folder .* is read-only: make it writable, or choose another data folder \(--data DIR\)/,
        );
        const result = await runCliProcess(['status', '--data', data]);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/^deepcut: the data folder .* is read-only/);
      } finally {
        disk?.readOnly(false);
      }
      // Writable again, the library is as it was.
      engine = await Engine.open({ dataDir: data });
      expect(await engine.store.counts()).toMatchObject({ total: 12, analysed: 12 });
    }, 60_000);
  },
);
