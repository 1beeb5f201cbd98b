import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FromEngine, ToEngine } from '../../src/main/engine-host/host-protocol';
import type { FakeUtilityProcess } from '../helpers/electron-mock';

const mock = await vi.hoisted(async () =>
  (await import('../helpers/electron-mock')).createElectronMock(),
);
vi.mock('electron', () => mock);
const { EngineProcess } = await import('../../src/main/shell/engine-process');

const onEvent = vi.fn();
const onRestarted = vi.fn();

function engineProcess(): InstanceType<typeof EngineProcess> {
  const engine = new EngineProcess({
    modulePath: '/app/out/main/engine-host.js',
    dataDir: '/data',
    appVersion: '1.2.3',
    onEvent,
    onRestarted,
    restartDelayMs: 10,
  });
  engine.start();
  return engine;
}

function child(index = -1): FakeUtilityProcess {
  const found = mock.utilityProcesses.at(index);
  if (found === undefined) throw new Error('no engine process');
  return found;
}

/** The engine's side: answer a message as the real engine port would. */
function reply(process: FakeUtilityProcess, message: FromEngine): void {
  process.emit('message', message);
}

const calls = (process: FakeUtilityProcess): Extract<ToEngine, { type: 'call' }>[] =>
  (process.posted as ToEngine[]).filter((m) => m.type === 'call');

beforeEach(() => {
  mock.reset();
  onEvent.mockClear();
  onRestarted.mockClear();
});
afterEach(() => vi.useRealTimers());

describe('engine process', () => {
  it('forks the engine entry with the data folder and version', () => {
    engineProcess();
    expect(mock.utilityProcesses).toHaveLength(1);
    expect(child().modulePath).toBe('/app/out/main/engine-host.js');
    expect(child().args).toEqual(['--data-dir=/data', '--app-version=1.2.3']);
  });

  it('holds calls until the process has spawned, then matches replies by sequence number', async () => {
    const engine = engineProcess();
    const first = engine.call('library:get-folders', {});
    const second = engine.call('engine:get-status', {});
    expect(child().posted).toEqual([]);
    child().emit('spawn');
    const [a, b] = calls(child());
    expect(a?.seq).not.toBe(b?.seq);
    // Replies may come back in any order.
    reply(child(), { type: 'reply', seq: b?.seq ?? 0, result: { ok: true, value: 'status' } });
    reply(child(), { type: 'reply', seq: a?.seq ?? 0, result: { ok: true, value: ['/music'] } });
    expect(await first).toEqual({ ok: true, value: ['/music'] });
    expect(await second).toEqual({ ok: true, value: 'status' });
  });

  it('forwards events and media lookups', async () => {
    const engine = engineProcess();
    child().emit('spawn');
    reply(child(), { type: 'event', event: 'library:changed', payload: { reason: 'scan' } });
    expect(onEvent).toHaveBeenCalledWith({
      type: 'event',
      event: 'library:changed',
      payload: { reason: 'scan' },
    });
    const request = { kind: 'track', trackId: '0123456789abcdef' } as const;
    const lookup = engine.media(request);
    const sent = (child().posted as ToEngine[]).find((m) => m.type === 'media');
    expect(sent).toMatchObject({ request });
    const file = { path: '/music/a.mp3', size: 10, contentType: 'audio/mpeg', etag: null };
    const found = { ok: true, file } as const;
    reply(child(), { type: 'media', seq: sent?.type === 'media' ? sent.seq : 0, lookup: found });
    expect(await lookup).toEqual(found);
  });

  it('fails calls in flight when the engine dies, restarts it and tells the UI once it is ready', async () => {
    const engine = engineProcess();
    child().emit('spawn');
    const inFlight = engine.call('library:list-tracks', {});
    child(0).exit(9);
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'engine-unavailable' } });
    await vi.waitFor(() => expect(mock.utilityProcesses).toHaveLength(2));
    expect(onRestarted).not.toHaveBeenCalled();
    child(1).emit('spawn');
    reply(child(1), { type: 'ready' });
    expect(onRestarted).toHaveBeenCalledWith(expect.stringContaining('code 9'));
    // The new process answers new calls.
    const after = engine.call('library:get-folders', {});
    const [call] = calls(child(1));
    reply(child(1), { type: 'reply', seq: call?.seq ?? 0, result: { ok: true, value: [] } });
    expect(await after).toEqual({ ok: true, value: [] });
  });

  it('reports why the engine could not open, and gives up after repeated deaths', async () => {
    const engine = engineProcess();
    for (let i = 0; i < 6; i++) {
      const process = child();
      process.emit('spawn');
      reply(process, { type: 'fatal', message: 'the library was written by a newer Deepcut' });
      process.exit(1);
      if (i < 5) await vi.waitFor(() => expect(mock.utilityProcesses).toHaveLength(i + 2));
    }
    const reply6 = await engine.call('library:get-folders', {});
    expect(reply6).toMatchObject({
      ok: false,
      error: { code: 'engine-unavailable', message: expect.stringContaining('newer Deepcut') },
    });
    expect(mock.utilityProcesses).toHaveLength(6);
  });

  it('stops by asking the engine to shut down, and kills it if it hangs', async () => {
    vi.useFakeTimers();
    const engine = engineProcess();
    child().emit('spawn');
    const stopped = engine.stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(child().posted).toContainEqual({ type: 'shutdown' });
    await vi.advanceTimersByTimeAsync(5_000);
    await stopped;
    expect(child().killed).toBe(true);
    // A stop is not a crash: no restart.
    await vi.advanceTimersByTimeAsync(2_000);
    expect(mock.utilityProcesses).toHaveLength(1);
  });
});
