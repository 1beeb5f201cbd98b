import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/main';
import { Engine } from '../../src/main/engine/engine';
import { runCliProcess } from '../helpers/cli';
import { writeLibrary } from '../helpers/library';
import { tempDir } from '../helpers/synth';

/** The CLI in this process (the error paths need no process of their own). */
async function runHere(args: readonly string[]) {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await runCli(args, { stdout, stderr }, new AbortController().signal);
  return { code, stdout: out, stderr: err };
}

describe('deepcut feedback', () => {
  let root: string;
  let data: string;
  let first: string;
  let firstId: string;

  beforeAll(async () => {
    root = await tempDir();
    data = join(root, 'data');
    const music = join(root, 'music');
    const paths = await writeLibrary(music, [
      { name: 'one', format: 'flac', signal: { kind: 'sine', freq: 330 }, seconds: 4 },
    ]);
    first = paths.get('one') ?? '';
    const engine = await Engine.open({ dataDir: data, workers: 1 });
    try {
      await engine.scan([music]);
      firstId = (await engine.findTrack(first)).id;
    } finally {
      await engine.close();
    }
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('loves a track by path, bans an album, lists both and clears one', async () => {
    const love = await runCliProcess(['feedback', 'love', first, '--data', data, '--json']);
    expect(love.code).toBe(0);
    expect(JSON.parse(love.stdout)).toEqual({
      target: { kind: 'track', id: firstId },
      value: 'love',
      changed: true,
    });
    const ban = await runCliProcess([
      'feedback',
      'ban',
      '--album',
      'Greatest Hits',
      '--artist',
      'Queen',
      '--data',
      data,
    ]);
    expect(ban).toMatchObject({ code: 0, stdout: 'Banned album "Greatest Hits" by Queen.\n' });
    const list = await runHere(['feedback', 'list', '--data', data, '--json']);
    const parsed = JSON.parse(list.stdout) as { loved: unknown[]; banned: unknown[] };
    expect(parsed.loved).toEqual([
      expect.objectContaining({ target: { kind: 'track', id: firstId }, track: expect.anything() }),
    ]);
    expect(parsed.banned).toEqual([
      expect.objectContaining({
        target: { kind: 'album', name: 'Greatest Hits', artist: 'Queen' },
      }),
    ]);
    const clear = await runHere(['feedback', 'clear', firstId, '--data', data]);
    expect(clear.stdout).toBe(`Cleared the feedback on track ${firstId}.\n`);
    const text = await runHere(['feedback', 'list', '--data', data]);
    expect(text.stdout).toMatch(/^banned {2}\S+ {2}album "Greatest Hits" by Queen\n$/);
  });

  it('says what is wrong with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['feedback', 'love', '--artist', 'Queen'], /only a track can be loved/],
      [['feedback', 'ban'], /needs a track/],
      [['feedback', 'adore', first], /love, ban, clear or list/],
      [['feedback', 'ban', '/nowhere/at/all.flac'], /unknown track/],
      [['feedback', 'ban', first, '--artist', 'Queen'], /not both/],
    ];
    for (const [args, message] of cases) {
      const run = await runHere([...args, '--data', data]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });
});
