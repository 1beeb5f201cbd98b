/**
 * Music folders that watch themselves, over a real engine host, real files and the real scan:
 * a file copied in appears, a file deleted goes, without anyone starting a scan; a folder that
 * disappears is reported and its tracks kept, and Rescan all still scans the others; switched
 * off in Settings, nothing is watched.
 */
import { copyFile, mkdir, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEventName, ArgOf, Channel, ResultOf } from '../../src/shared/api-contract';
import { createEngineHost, type EngineHost } from '../../src/main/engine-host/engine-host';
import { Engine } from '../../src/main/engine/engine';
import { writeLibrary } from '../helpers/library';
import { tempDir } from '../helpers/synth';

let dir: string;
let engine: Engine;
let host: EngineHost;
let first: string;
let second: string;
let spare: Map<string, string>;
const events: ApiEventName[] = [];

async function call<C extends Channel>(channel: C, arg: ArgOf<C>): Promise<ResultOf<C>> {
  const reply = await host.dispatch(channel, arg);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as ResultOf<C>;
}

const titles = async (): Promise<string[]> =>
  (await call('library:list-tracks', { limit: 100 })).rows.map((r) => r.title).sort();

/** Waits (a hang detector, not a speed check) until `check` holds. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const idle = async (): Promise<boolean> => (await call('scan:get-state', {})).running === null;

beforeAll(async () => {
  dir = await tempDir('deepcut-watch-');
  first = join(dir, 'First');
  second = join(dir, 'Second');
  await writeLibrary(first, [{ name: 'One', format: 'flac', signal: { kind: 'sine', freq: 440 } }]);
  await writeLibrary(second, [{ name: 'Two', format: 'wav', signal: { kind: 'noise' } }]);
  spare = await writeLibrary(join(dir, 'spare'), [
    { name: 'Three', format: 'ogg', signal: { kind: 'clicks', bpm: 100 } },
    { name: 'Four', format: 'flac', signal: { kind: 'chord', freqs: [262, 330] } },
  ]);
  engine = await Engine.open({ dataDir: join(dir, 'data') });
  host = createEngineHost(engine, {
    mode: 'web',
    version: 'test',
    emit: (event) => void events.push(event),
    watch: { debounceMs: 300, stableMs: 200, recheckMs: 300 },
  });
  await call('library:add-folder', { path: first });
  await call('library:add-folder', { path: second });
  await call('scan:start', {});
  await until(idle, 'the first scan');
  expect(await titles()).toEqual(['One', 'Two']);
});

afterAll(async () => {
  await host.close();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('watched music folders', () => {
  it('picks up a file copied in and a file deleted, with no scan started by hand', async () => {
    await until(
      async () => (await call('library:get-folder-states', {})).every((f) => f.watching),
      'the watches to be ready',
    );
    await copyFile(spare.get('Three') ?? '', join(first, 'Three.ogg'));
    await until(async () => (await titles()).includes('Three'), 'the copied file');
    await unlink(join(first, 'One.flac'));
    await until(async () => !(await titles()).includes('One'), 'the deleted file to go');
    expect(await titles()).toEqual(['Three', 'Two']);
    expect(events).toContain('library:changed');
  });

  it('reports a folder that went away and keeps its tracks; Rescan all scans the rest', async () => {
    const away = join(dir, 'unplugged');
    await rename(second, away);
    await until(
      async () =>
        (await call('library:get-folder-states', {})).find((f) => f.path === second)?.present ===
        false,
      'the missing folder to be reported',
    );
    await until(idle, 'quiet');
    expect(await titles()).toContain('Two');
    // Rescan all with a folder missing: the present one is scanned, the missing one's tracks stay.
    await copyFile(spare.get('Four') ?? '', join(first, 'Four.flac'));
    await call('scan:start', {}).catch(() => undefined);
    await until(async () => (await titles()).includes('Four'), 'the rescan');
    expect(await titles()).toContain('Two');
    // Plugged back in: watched again and scanned.
    await rename(away, second);
    await until(
      async () =>
        (await call('library:get-folder-states', {})).find((f) => f.path === second)?.watching ===
        true,
      'the folder to be watched again',
    );
  });

  it('watches nothing once switched off in Settings', async () => {
    await call('settings:update-settings', { watchFolders: false });
    expect((await call('library:get-folder-states', {})).some((f) => f.watching)).toBe(false);
    await mkdir(join(first, 'later'), { recursive: true });
    await copyFile(spare.get('Three') ?? '', join(first, 'later', 'Five.ogg'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await until(idle, 'quiet');
    expect((await call('library:list-tracks', { limit: 100 })).total).toBe(3);
    await call('settings:update-settings', { watchFolders: true });
  });
});
