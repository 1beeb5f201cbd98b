/**
 * A damaged library database is found when the store opens, with a message that says what to do
 * (real LanceDB; damage done to the files as a disk or a hand would).
 */
import { cp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryStore, StoreDamagedError } from '../../src/main/engine/store/library-store';
import { runCliProcess } from '../helpers/cli';
import {
  dataFiles,
  deleteManifests,
  deleteNewestManifest,
  flipBytes,
} from '../helpers/store-damage';
import { tempDir } from '../helpers/synth';
import { randomTrack, seededRandom } from './store-fixtures';

let root: string;
let healthy: string;
let copies = 0;

beforeAll(async () => {
  root = await tempDir('deepcut-damage-');
  healthy = join(root, 'healthy');
  const store = await LibraryStore.open(healthy);
  const random = seededRandom(11);
  // Three commits: three data files and three versions per table.
  for (let batch = 0; batch < 3; batch++) {
    await store.writeTracks(
      Array.from({ length: 40 }, (_, i) => randomTrack(batch * 40 + i, random)),
    );
  }
  await store.setFolders(['/music']);
  await store.close();
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A fresh copy of the healthy library to damage. */
async function copy(): Promise<string> {
  const dir = join(root, `copy-${copies++}`);
  await cp(healthy, dir, { recursive: true });
  return dir;
}

async function damageOf(dataDir: string): Promise<string> {
  const error: unknown = await LibraryStore.open(dataDir).then(
    async (store) => {
      await store.close();
      return null;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreDamagedError);
  const message = (error as Error).message;
  expect(message).toContain('Run `deepcut repair`');
  expect(message).toMatch(/listening history, playlists and models .* are safe/);
  return message;
}

describe('a damaged library database', () => {
  it('opens when healthy, and when only an old version lost its manifest', async () => {
    const store = await LibraryStore.open(healthy);
    expect(await store.counts()).toMatchObject({ total: 120 });
    await store.close();
    const dir = await copy();
    const versions = join(dir, 'library', 'tracks.lance', '_versions');
    const oldest = (await readdir(versions))
      .filter((f) => f.endsWith('.manifest'))
      .sort()
      .at(-1);
    await rm(join(versions, oldest ?? 'none'));
    const reopened = await LibraryStore.open(dir);
    expect(await reopened.counts()).toMatchObject({ total: 120 });
    await reopened.close();
  });

  it('is found when bytes in a vector fragment were flipped', async () => {
    const dir = await copy();
    const [file] = await dataFiles(dir, 'embeddings');
    // The middle of a fragment is vector values: no read fails, but a vector is no longer unit.
    await flipBytes(file ?? '', 10_000);
    expect(await damageOf(dir)).toMatch(/embeddings: 1 vectors are not of unit length/);
  });

  it("is found when a fragment's structure was flipped", async () => {
    const dir = await copy();
    const [file] = await dataFiles(dir, 'tracks');
    await flipBytes(file ?? '', -64, 48);
    expect(await damageOf(dir)).toMatch(/tracks: its data cannot be read/);
  });

  it('is found when a fragment was deleted', async () => {
    const dir = await copy();
    const [file] = await dataFiles(dir, 'embeddings');
    await rm(file ?? '');
    expect(await damageOf(dir)).toMatch(/embeddings: a data file is missing: .*\.lance/);
  });

  it("is found when a table's newest manifest was deleted (LanceDB would open the one before)", async () => {
    const dir = await copy();
    await deleteNewestManifest(dir, 'tracks');
    expect(await damageOf(dir)).toMatch(/tracks: its newest version \(\d+\) is gone/);
  });

  it('is found when every manifest of the settings table was deleted', async () => {
    const dir = await copy();
    await deleteManifests(dir, 'meta');
    expect(await damageOf(dir)).toMatch(/meta: no version of the table is left/);
  });

  it('stops a command with one line saying what to do (exit 2)', async () => {
    const dir = await copy();
    await rm((await dataFiles(dir, 'tracks'))[1] ?? '');
    const result = await runCliProcess(['status', '--data', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^deepcut: the library database in .* is damaged .* Run `deepcut repair`/,
    );
    const check = await runCliProcess(['repair', '--check', '--data', dir]);
    expect(check.code).toBe(2);
    expect(check.stdout).toMatch(
      /The library database is damaged:\n {2}tracks: a data file is missing/,
    );
  });
});
