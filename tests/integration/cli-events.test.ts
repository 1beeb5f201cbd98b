import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { runCliProcess } from '../helpers/cli';
import { writeLibrary } from '../helpers/library';
import { tempDir } from '../helpers/synth';

describe('deepcut events', () => {
  let root: string;
  let data: string;
  let first: string;
  let secondId: string;

  beforeAll(async () => {
    root = await tempDir();
    data = join(root, 'data');
    const music = join(root, 'music');
    const paths = await writeLibrary(music, [
      { name: 'one', format: 'flac', signal: { kind: 'sine', freq: 330 }, seconds: 6 },
      { name: 'two', format: 'ogg', signal: { kind: 'noise' }, seconds: 6 },
    ]);
    first = paths.get('one') ?? '';
    const engine = await Engine.open({ dataDir: data, workers: 1 });
    try {
      await engine.scan([music]);
      secondId = (await engine.findTrack(paths.get('two') ?? '')).id;
    } finally {
      await engine.close();
    }
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('records events by path or id, with the duration from the tags and a session', async () => {
    const skip = await runCliProcess([
      'events',
      'add',
      '--track',
      first,
      '--ms-played',
      '1500',
      '--end',
      'next',
      '--at',
      '2026-11-27T10:00:00Z',
      '--data',
      data,
      '--json',
    ]);
    expect(skip.code).toBe(0);
    expect(JSON.parse(skip.stdout)).toMatchObject({
      msPlayed: 1500,
      durationMs: 6000,
      end: 'next',
      signal: 'skip',
      source: { kind: 'library' },
    });
    const play = await runCliProcess([
      'events',
      'add',
      '--track',
      secondId,
      '--ms-played',
      '6000',
      '--at',
      '2026-11-27T10:00:05Z',
      '--source',
      'radio:seed-1',
      '--data',
      data,
      '--json',
    ]);
    expect(play.code).toBe(0);
    const played = JSON.parse(play.stdout) as Record<string, unknown>;
    expect(played).toMatchObject({
      track: secondId,
      end: 'finished',
      signal: 'play',
      source: { kind: 'radio', id: 'seed-1' },
    });
    expect(played.session).toBe((JSON.parse(skip.stdout) as Record<string, unknown>).session);
  });

  it('imports a JSON Lines file naming tracks by path, once', async () => {
    const file = join(root, 'events.jsonl');
    const line = (track: string, at: string) =>
      JSON.stringify({
        track,
        startedAt: at,
        msPlayed: 6000,
        durationMs: 6000,
        end: 'finished',
        source: { kind: 'library' },
      });
    await writeFile(
      file,
      `${line(first, '2026-11-28T09:00:00Z')}\n\n${line(secondId, '2026-11-28T09:00:06Z')}\n`,
    );
    const r = await runCliProcess(['events', 'import', file, '--data', data, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ added: 2, duplicates: 0 });
    const again = await runCliProcess(['events', 'import', file, '--data', data, '--json']);
    expect(JSON.parse(again.stdout)).toEqual({ added: 0, duplicates: 2 });

    const list = await runCliProcess(['events', 'list', '--data', data, '--json']);
    const events = JSON.parse(list.stdout) as { signal: string; startedAt: string }[];
    expect(events.map((e) => e.signal)).toEqual(['skip', 'play', 'play', 'play']);
    // 23 hours apart: a new session.
    const sessions = new Set((events as unknown as { session: string }[]).map((e) => e.session));
    expect(sessions.size).toBe(2);
  });

  it.each([
    ['an unknown track', ['events', 'add', '--track', '/no/such.mp3', '--ms-played', '10']],
    ['a bad --end', ['events', 'add', '--track', 'x', '--ms-played', '10', '--end', 'sideways']],
    ['a missing --ms-played', ['events', 'add', '--track', 'x']],
    ['a bad profile', ['events', 'list', '--profile', 'Not Valid']],
    ['no verb', ['events']],
  ])('exits 2 with one line for %s', async (_label, args) => {
    const r = await runCliProcess([...args, '--data', data]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an import with a bad line, naming it, and writes nothing', async () => {
    const file = join(root, 'bad.jsonl');
    await writeFile(
      file,
      `${JSON.stringify({ track: secondId, startedAt: '2026-11-29T09:00:00Z', msPlayed: 1, durationMs: 6000, end: 'next', source: { kind: 'library' } })}\n{"track": "${secondId}", "msPlayed": -5}\n`,
    );
    const r = await runCliProcess(['events', 'import', file, '--data', data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 2/);
    const list = await runCliProcess(['events', 'list', '--data', data, '--json']);
    expect(JSON.parse(list.stdout)).toHaveLength(4);
  });
});
