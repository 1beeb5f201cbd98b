import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../src/shared/api-contract';
import type { ScanState, TrackDetails, TrackPage } from '../../src/shared/api-types';
import { eventLogPath } from '../../src/main/engine/events/event-log';
import { writeLibrary } from '../helpers/library';
import { openHost, type HostFixture } from './api-fixtures';

let fx: HostFixture;
let music: string;
let other: string;

async function call<T>(channel: string, arg: unknown): Promise<ApiResult<T>> {
  return (await fx.host.dispatch(channel, arg)) as ApiResult<T>;
}

async function value<T>(channel: string, arg: unknown): Promise<T> {
  const reply = await call<T>(channel, arg);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`);
  return reply.value;
}

beforeAll(async () => {
  fx = await openHost('dispatch');
  music = join(fx.dir, 'Music');
  other = join(fx.dir, 'Other');
  await mkdir(join(music, 'nested'), { recursive: true });
  await mkdir(other, { recursive: true });
  await writeLibrary(music, [
    { name: 'tone', format: 'wav', signal: { kind: 'sine', freq: 330 }, seconds: 6 },
    { name: 'noise', format: 'mp3', signal: { kind: 'noise', seed: 4 }, seconds: 6 },
  ]);
  await writeLibrary(join(music, 'nested'), [
    { name: 'clicks', format: 'ogg', signal: { kind: 'clicks', bpm: 100 }, seconds: 6 },
  ]);
  await writeFile(join(music, 'not-music.flac'), 'text wearing a flac name\n'.repeat(40));
  await writeFile(join(other, 'file.txt'), 'x');
});
afterAll(() => fx.close());

describe('errors', () => {
  it('answers each problem with its code, never a stack', async () => {
    const cases: [string, unknown, string][] = [
      ['library:get-track', { id: '0123456789abcdef' }, 'not-found'],
      ['library:get-track-details', { id: '0123456789abcdef' }, 'not-found'],
      ['library:get-similar', { id: '0123456789abcdef' }, 'not-found'],
      [
        'events:record',
        {
          track: '0123456789abcdef',
          startedAt: '2026-11-27T10:00:00Z',
          msPlayed: 1,
          end: 'next',
          source: { kind: 'library' },
        },
        'not-found',
      ],
      ['library:add-folder', { path: 'relative/music' }, 'invalid-folder'],
      ['library:add-folder', { path: join(fx.dir, 'missing') }, 'invalid-folder'],
      ['library:add-folder', { path: join(other, 'file.txt') }, 'invalid-folder'],
      ['library:remove-folder', { path: other }, 'not-found'],
      ['scan:start', {}, 'invalid-folder'],
      ['scan:start', { folders: [join(fx.dir, 'missing')] }, 'invalid-folder'],
      ['dialog:choose-folder', {}, 'unsupported'],
      ['library:get-track', { id: 42 }, 'bad-request'],
      ['no:such-channel', {}, 'unknown-channel'],
    ];
    for (const [channel, arg, code] of cases) {
      const reply = await call(channel, arg);
      expect(reply, channel).toMatchObject({ ok: false, error: { code } });
      if (!reply.ok) expect(reply.error.message).not.toMatch(/\n\s+at /);
    }
  });

  it('reports its host and says that nothing is scanning', async () => {
    expect(await value('app:get-info', {})).toEqual({ mode: 'web', version: '0.0.0-test' });
    expect(await value('scan:cancel', {})).toEqual({ cancelled: false });
    expect(await value<ScanState>('scan:get-state', {})).toEqual({
      running: null,
      progress: null,
      last: null,
    });
  });
});

describe('folders, scan, details, events', () => {
  it('adds a folder once and announces the change', async () => {
    expect(await value('library:add-folder', { path: music })).toEqual([music]);
    expect(await value('library:add-folder', { path: `${music}/` })).toEqual([music]);
    expect(await value('library:get-folders', {})).toEqual([music]);
    expect(fx.pushed).toContainEqual({ event: 'library:changed', payload: { reason: 'folders' } });
  });

  it('scans in the background with progress, refuses a second scan, and reports the outcome', async () => {
    fx.pushed.length = 0;
    const { scanId } = await value<{ scanId: string }>('scan:start', {});
    expect(await call('scan:start', {})).toMatchObject({ ok: false, error: { code: 'busy' } });
    expect(await call('library:add-folder', { path: other })).toMatchObject({
      ok: false,
      error: { code: 'busy' },
    });
    expect((await value<ScanState>('scan:get-state', {})).running).toBe(scanId);
    await expect
      .poll(() => fx.pushed.some((p) => p.event === 'scan:finished'), { timeout: 60_000 })
      .toBe(true);
    const progress = fx.pushed.flatMap((p) => (p.event === 'scan:progress' ? [p.payload] : []));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.scanId === scanId)).toBe(true);
    const analysing = progress.filter((p) => p.progress.phase === 'analyse');
    expect(analysing.at(-1)?.progress).toMatchObject({ done: 4, total: 4 });
    const finished = fx.pushed.find((p) => p.event === 'scan:finished');
    expect(finished?.payload).toMatchObject({
      scanId,
      outcome: {
        ok: true,
        summary: { tracks: 4, analysed: 3, failed: [{ path: join(music, 'not-music.flac') }] },
      },
    });
    expect(fx.pushed.at(-1)).toEqual({ event: 'library:changed', payload: { reason: 'scan' } });
    const state = await value<ScanState>('scan:get-state', {});
    expect(state.running).toBeNull();
    expect(state.last?.scanId).toBe(scanId);
    expect(await value('library:get-failures', {})).toHaveLength(1);
  });

  it('shows a scanned track with its thumbnail, neighbours and, once played, its history', async () => {
    const page = await value<TrackPage>('library:list-tracks', { search: 'tone' });
    const id = page.rows[0]?.id ?? '';
    const details = await value<TrackDetails>('library:get-track-details', { id, neighbours: 2 });
    expect(details.track).toMatchObject({ id, title: 'tone', path: join(music, 'tone.wav') });
    const thumbnail = details.thumbnail;
    expect(thumbnail).not.toBeNull();
    expect(Buffer.from(thumbnail?.base64 ?? '', 'base64').length).toBe(
      (thumbnail?.bands ?? 0) * (thumbnail?.frames ?? 0),
    );
    expect(details.neighbours.map((n) => n.title).sort()).toEqual(['clicks', 'noise']);
    expect(details.neighbours[0]).not.toHaveProperty('path');
    expect(details.history).toEqual([]);

    const event = await value('events:record', {
      track: id,
      startedAt: '2026-11-27T10:00:00.000Z',
      msPlayed: 2_000,
      end: 'next',
      source: { kind: 'library' },
    });
    expect(event).toMatchObject({ track: id, end: 'next', durationMs: 6000 });
    // Durable before the reply: it is in the file now, without closing anything.
    const onDisk = await readFile(eventLogPath(join(fx.dir, 'data')), 'utf8');
    expect(onDisk).toContain(`"track":"${id}"`);
    const again = await value<TrackDetails>('library:get-track-details', { id });
    expect(again.history).toMatchObject([{ event: { track: id, end: 'next' }, signal: 'skip' }]);
    expect(await value('events:list-recent', { limit: 5 })).toHaveLength(1);
  });

  it('serves media for scanned tracks only while their folder is in the library', async () => {
    const page = await value<TrackPage>('library:list-tracks', { search: 'clicks' });
    const id = page.rows[0]?.id ?? '';
    expect(await fx.host.media({ kind: 'track', trackId: id })).toMatchObject({
      ok: true,
      file: { contentType: 'audio/ogg' },
    });
    // A symlink swapped in for a track's file, pointing out of the library, is refused.
    const noise =
      (await value<TrackPage>('library:list-tracks', { search: 'noise' })).rows[0]?.id ?? '';
    const noisePath = join(music, 'noise.mp3');
    const moved = join(other, 'noise.mp3');
    await writeFile(moved, await readFile(noisePath));
    await import('node:fs/promises').then(({ rm }) => rm(noisePath));
    await symlink(moved, noisePath);
    expect(await fx.host.media({ kind: 'track', trackId: noise })).toEqual({
      ok: false,
      refusal: 'outside-folders',
    });
  });

  it('removes a folder with its tracks but keeps tracks under a folder that stays', async () => {
    await value('library:add-folder', { path: join(music, 'nested') });
    fx.pushed.length = 0;
    expect(await value('library:remove-folder', { path: music })).toEqual([join(music, 'nested')]);
    const rest = await value<TrackPage>('library:list-tracks', {});
    expect(rest.rows.map((r) => r.title)).toEqual(['clicks']);
    expect(fx.pushed).toContainEqual({ event: 'library:changed', payload: { reason: 'folders' } });
  });
});
