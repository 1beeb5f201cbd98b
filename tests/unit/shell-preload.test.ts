import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { methodNameOf, areaOf } from '../../src/shared/api-client';
import { CHANNELS } from '../../src/shared/api-contract';
import { appVersionFromArgv } from '../../src/shared/app-info';
import type { DeepcutBridge } from '../../src/preload/api';

const mock = await vi.hoisted(async () =>
  (await import('../helpers/electron-mock')).createElectronMock(),
);
vi.mock('electron', () => mock);

const argv = process.argv;
beforeEach(() => {
  mock.reset();
  vi.resetModules();
});
afterEach(() => {
  process.argv = argv;
});

/** Runs the preload and returns what it exposed as window.deepcut. */
async function loadBridge(): Promise<DeepcutBridge> {
  await import('../../src/preload/index');
  expect(mock.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
  const [key, bridge] = mock.contextBridge.exposeInMainWorld.mock.lastCall ?? [];
  expect(key).toBe('deepcut');
  return bridge as DeepcutBridge;
}

/** Collects the path of every function in `value`. */
function functionPaths(value: unknown, path = 'deepcut'): string[] {
  if (typeof value === 'function') return [path];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => functionPaths(child, `${path}.${key}`));
}

describe('preload bridge', () => {
  it('exposes the versions, one method per channel and `on`, and nothing else callable', async () => {
    process.argv = [...argv, '--deepcut-app-version=1.2.3'];
    const bridge = await loadBridge();
    expect(bridge.versions).toEqual({
      app: '1.2.3',
      electron: process.versions.electron,
      chrome: process.versions.chrome,
      node: process.versions.node,
    });
    const expected = [
      ...CHANNELS.map((channel) => `deepcut.${areaOf(channel)}.${methodNameOf(channel)}`),
      'deepcut.on',
    ];
    expect(functionPaths(bridge).sort()).toEqual(expected.sort());
    expect(JSON.stringify(Object.keys(bridge))).not.toContain('ipc');
  });

  it('sends each method on its own channel and resolves to the reply envelope', async () => {
    const bridge = await loadBridge();
    const envelope = { ok: true, value: ['/music'] };
    mock.ipcRenderer.invoke.mockResolvedValueOnce(envelope);
    expect(await bridge.library.getFolders({})).toBe(envelope);
    expect(mock.ipcRenderer.invoke).toHaveBeenCalledWith('library:get-folders', {});
    await bridge.events.record({
      track: '0123456789abcdef',
      startedAt: '2026-11-27T10:00:00Z',
      msPlayed: 1000,
      end: 'next',
      source: { kind: 'library' },
    });
    expect(mock.ipcRenderer.invoke.mock.lastCall?.[0]).toBe('events:record');
  });

  it('delivers events without the IPC event object, and unsubscribes', async () => {
    const bridge = await loadBridge();
    const listener = vi.fn();
    const off = bridge.on('scan:finished', listener);
    const payload = {
      scanId: 's',
      outcome: { ok: false, error: { code: 'cancelled', message: 'x' } },
    };
    mock.ipcRenderer.emit('deepcut-event:scan:finished', { sender: 'ipc internals' }, payload);
    expect(listener).toHaveBeenCalledExactlyOnceWith(payload);
    off();
    mock.ipcRenderer.emit('deepcut-event:scan:finished', {}, payload);
    expect(listener).toHaveBeenCalledOnce();
    expect(mock.ipcRenderer.listenerCount('deepcut-event:scan:finished')).toBe(0);
  });

  it('refuses to subscribe to anything but a contract event', async () => {
    const bridge = await loadBridge();
    expect(() => bridge.on('ipc:anything' as never, () => undefined)).toThrow(/no such event/);
  });

  it('reports an unknown app version when the shell passed none', () => {
    expect(appVersionFromArgv(['electron', '.'])).toBe('unknown');
  });
});
