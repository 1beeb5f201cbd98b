import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryStore } from '../../src/main/engine/store/library-store';
import { dot } from '../../src/main/engine/recommend/vector-math';
import { trackIdFor } from '../../src/main/engine/store/track-id';
import { runCliProcess } from '../helpers/cli';
import { tempDir } from '../helpers/synth';
import { clusteredTracks, writeAll, type FixtureTrack } from './recommend-fixtures';

const ENTRY_KEYS = [
  'album',
  'artist',
  'audio',
  'cf',
  'durationSec',
  'id',
  'path',
  'reasons',
  'score',
  'title',
  'why',
];

describe('deepcut radio, path, mixes and playlist', () => {
  let root: string;
  let data: string;
  const tracks = clusteredTracks({ clusters: 5, perCluster: 12, seed: 77 }).map((t, i) => ({
    ...t,
    path: `/music/Ünïcode folder/track ${i} ♫.flac`,
  })) as FixtureTrack[];
  const cli = (...args: string[]) => runCliProcess([...args, '--data', data]);

  beforeAll(async () => {
    root = await tempDir('deepcut-cli-recommend-');
    data = join(root, 'data');
    const store = await LibraryStore.open(data);
    // Ids follow the paths set above, as a scan would make them.
    await writeAll(
      store,
      tracks.map((t) => ({ ...t, id: trackIdFor(t.path) })),
    );
    await store.close();
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('radio prints JSON entries that sound like the seed, and writes M3U8 and a saved playlist', async () => {
    const seed = tracks[0] as FixtureTrack;
    const m3u = join(root, 'lists', 'radio.m3u8');
    const result = await cli(
      'radio',
      '--seed',
      seed.path,
      '-n',
      '8',
      '--json',
      '--m3u',
      m3u,
      '--save',
      'Ünï radio',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const entries = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(entries).toHaveLength(8);
    for (const e of entries) {
      expect(Object.keys(e).sort()).toEqual(ENTRY_KEYS);
      // The sentence and its parts, each with its number.
      const [sound] = e.reasons as { kind: string; to: string; value: number }[];
      expect(sound?.kind).toMatch(/^(similar|further)$/);
      expect(sound?.to).toBe(trackIdFor(seed.path));
      expect(e.why).toContain(`${seed.title} (similarity ${sound?.value.toFixed(2)})`);
      const track = tracks.find((t) => trackIdFor(t.path) === e.id) as FixtureTrack;
      expect(sound?.value).toBeCloseTo(dot(track.vector, seed.vector), 3);
      // No history in this data folder: every track is new, and no part speaks of a session.
      expect(e.reasons).toContainEqual({ kind: 'new' });
      expect(e.why).not.toContain('session');
    }
    const text = await readFile(m3u, 'utf8');
    expect(text.startsWith('#EXTM3U\n#EXTINF:200,')).toBe(true);
    expect(text).toContain('track ');

    const list = await cli('playlist', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ name: 'Ünï radio', kind: 'radio', tracks: 8 }),
    ]);
    const shown = await cli('playlist', 'show', 'Ünï radio', '--json');
    expect(
      (JSON.parse(shown.stdout) as { entries: { id: string }[] }).entries.map((e) => e.id),
    ).toEqual(entries.map((e) => e.id));
  });

  it('path starts at --from and ends at --to', async () => {
    const from = tracks[1] as FixtureTrack;
    const to = tracks[40] as FixtureTrack;
    const result = await cli('path', '--from', from.path, '--to', to.path, '-n', '6', '--json');
    expect(result.code).toBe(0);
    const entries = JSON.parse(result.stdout) as { path: string }[];
    expect(entries[0]?.path).toBe(from.path);
    expect(entries.at(-1)?.path).toBe(to.path);
    expect(entries.length).toBeLessThanOrEqual(6);
  });

  it('mixes prints 4 to 8 named mixes', async () => {
    const result = await cli('mixes', '-n', '5', '--json');
    expect(result.code).toBe(0);
    const mixes = JSON.parse(result.stdout) as { name: string; size: number; entries: unknown[] }[];
    expect(mixes.length).toBeGreaterThanOrEqual(4);
    expect(mixes.length).toBeLessThanOrEqual(8);
    expect(mixes.reduce((n, m) => n + m.size, 0)).toBe(tracks.length);
    for (const m of mixes) expect(m.entries.length).toBeGreaterThan(0);
  });

  it('exports and imports M3U8, listing unmatched entries on stderr', async () => {
    const file = join(root, 'export', 'my list.m3u8');
    const exported = await cli('playlist', 'export', 'Ünï radio', file);
    expect(exported.code).toBe(0);
    const text = await readFile(file, 'utf8');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, `${text}#EXTINF:1,Nobody - Nothing\n/nowhere/gone.mp3\n`);
    const imported = await cli('playlist', 'import', file, '--name', 'Back again', '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ name: 'Back again', tracks: 8, byPath: 8 });
    expect(imported.stderr).toBe(
      `deepcut: line ${text.trim().split('\n').length + 2}: /nowhere/gone.mp3: no library track at this path or with these tags\n`,
    );
  });

  it('radio in a fresh process blends in the NeuMF trained by train-cf', async () => {
    const { writeFile } = await import('node:fs/promises');
    // Sessions that play cluster 0 and 1 tracks through: enough for NeuMF to know them.
    const lines: string[] = [];
    for (let s = 0; s < 12; s++) {
      for (let k = 0; k < 6; k++) {
        const track = tracks[(s % 2) * 12 + ((s + k) % 12)] as FixtureTrack;
        const at = new Date(Date.UTC(2026, 10, 1 + s, 20, k * 4)).toISOString();
        lines.push(
          JSON.stringify({
            track: track.path,
            session: `s${s}`,
            startedAt: at,
            msPlayed: 200_000,
            durationMs: 200_000,
            end: 'finished',
            source: { kind: 'library' },
          }),
        );
      }
    }
    const file = join(root, 'history.jsonl');
    await writeFile(file, `${lines.join('\n')}\n`);
    expect((await cli('events', 'import', file)).code).toBe(0);
    const trained = await cli('train-cf', '--epochs', '2');
    expect(trained.stderr).not.toMatch(/error|failure/i);
    expect(trained.code).toBe(0);
    const radio = await cli(
      'radio',
      '--seed',
      (tracks[0] as FixtureTrack).path,
      '-n',
      '8',
      '--json',
    );
    expect(radio.stderr).toBe('');
    expect(radio.code).toBe(0);
    const entries = JSON.parse(radio.stdout) as { cf: number | null }[];
    expect(entries.some((e) => typeof e.cf === 'number')).toBe(true);
  });

  // Seven processes in a row: on the shared 2-core machine under load one took 28 s to start.
  it('refuses bad input with one line and exit code 2', async () => {
    const cases: [string[], string][] = [
      [['radio'], 'radio needs --seed'],
      [
        ['radio', '--seed', tracks[0]?.id ?? '', '--adventurous', '2'],
        '--adventurous takes a number from 0 to 1',
      ],
      [['radio', '--seed', '/no/such/track.flac'], 'unknown track'],
      [['path', '--from', tracks[0]?.id ?? ''], 'path needs --from'],
      [['playlist', 'show', 'Missing'], 'no playlist called "Missing"'],
      [['playlist', 'frobnicate'], 'playlist needs list, show, export, import or delete'],
      [['playlist', 'import', join(root, 'nope.m3u8')], 'cannot read'],
    ];
    for (const [args, message] of cases) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(message);
    }
  }, 420_000);
});
