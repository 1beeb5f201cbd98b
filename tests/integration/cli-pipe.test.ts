/**
 * Every command's `--json` answer arrives whole through a pipe. On POSIX a pipe is written
 * asynchronously, and a process that exited as soon as its command returned lost whatever was
 * still queued: `deepcut mixes -n 200 --json | …` stopped at the pipe's 64 KiB. The library here
 * is large enough (1,500 tracks with long tags, as many events, a 1,500-track playlist) that
 * each listing command prints well over 200 KB.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog } from '../../src/main/engine/events/event-log';
import { LibraryStore } from '../../src/main/engine/store/library-store';
import { PlaylistStore } from '../../src/main/engine/store/playlist-store';
import { trackIdFor } from '../../src/main/engine/store/track-id';
import { runCliProcess, startCli } from '../helpers/cli';
import { tempDir } from '../helpers/synth';
import { clusteredTracks, writeAll, type FixtureTrack } from './recommend-fixtures';

const BIG = 200 * 1024;
// Long tags make every entry a few hundred bytes, as a real library's often are.
const LONG = 'a rather long name that goes on and on as real tags do, ';

describe('deepcut --json through a pipe', () => {
  let root: string;
  let data: string;
  let tracks: FixtureTrack[];

  beforeAll(async () => {
    root = await tempDir('deepcut-cli-pipe-');
    data = join(root, 'data');
    tracks = clusteredTracks({
      clusters: 6,
      perCluster: 250,
      seed: 5,
      tags: (c, i) => ({ title: `${LONG}${c}-${i}`, artist: `${LONG}artist ${c}-${i}` }),
    }).map((t) => ({ ...t, id: trackIdFor(t.path) }));
    const store = await LibraryStore.open(data);
    await writeAll(store, tracks);
    await store.close();
    const log = new EventLog({ dataDir: data });
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (const [i, t] of tracks.entries()) {
      await log.append({
        track: t.id,
        session: `s${Math.floor(i / 20)}`,
        startedAt: new Date(start + i * 300_000).toISOString(),
        msPlayed: 200_000,
        durationMs: 200_000,
        end: 'finished',
        source: { kind: 'library' },
      });
    }
    await log.close();
    await new PlaylistStore(data).save({
      name: 'Everything',
      kind: 'manual',
      entries: tracks.map(({ id, path, title, artist, album, durationSec }) => ({
        id,
        path,
        title,
        artist,
        album,
        durationSec,
      })),
    });
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  const seed = (): string => (tracks[0] as FixtureTrack).id;
  const far = (): string => (tracks[tracks.length - 1] as FixtureTrack).id;

  it.each([
    ['similar', () => ['similar', seed(), '-n', '1400'], BIG],
    ['radio', () => ['radio', '--seed', seed(), '-n', '1000'], BIG],
    // A path keeps to small steps of sound, so it stays short whatever -n asks.
    ['path', () => ['path', '--from', seed(), '--to', far(), '-n', '40'], 0],
    ['mixes', () => ['mixes', '-n', '200'], BIG],
    ['events list', () => ['events', 'list'], BIG],
    ['playlist show', () => ['playlist', 'show', 'Everything'], BIG],
    ['playlist list', () => ['playlist', 'list'], 0],
    ['status', () => ['status'], 0],
  ] as const)('%s', async (_, args, atLeast) => {
    const result = await runCliProcess([...args(), '--json', '--data', data]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBeGreaterThanOrEqual(atLeast);
    // Whole: one JSON value and its newline, nothing cut.
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
  });

  it('ends quietly when the reader closes the pipe early (| head)', async () => {
    const child = startCli(['events', 'list', '--json', '--data', data]);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout?.once('data', () => child.stdout?.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
