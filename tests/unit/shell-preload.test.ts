import { afterEach, describe, expect, it, vi } from 'vitest';
import { appVersionFromArgv } from '../../src/shared/app-info';

const mock = await vi.hoisted(async () =>
  (await import('../helpers/electron-mock')).createElectronMock(),
);
vi.mock('electron', () => mock);

const argv = process.argv;
afterEach(() => {
  process.argv = argv;
});

/** Collects the path of every function in `value`: the bridge must expose data only for now. */
function functionPaths(value: unknown, path = 'deepcut'): string[] {
  if (typeof value === 'function') return [path];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => functionPaths(child, `${path}.${key}`));
}

describe('preload bridge', () => {
  it('exposes window.deepcut with the versions, and nothing callable', async () => {
    process.argv = [...argv, '--deepcut-app-version=1.2.3'];
    await import('../../src/preload/index');
    expect(mock.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    const [key, api] = mock.contextBridge.exposeInMainWorld.mock.lastCall ?? [];
    expect(key).toBe('deepcut');
    expect(api).toEqual({
      versions: {
        app: '1.2.3',
        electron: process.versions.electron,
        chrome: process.versions.chrome,
        node: process.versions.node,
      },
    });
    expect(functionPaths(api)).toEqual([]);
  });

  it('reports an unknown app version when the shell passed none', () => {
    expect(appVersionFromArgv(['electron', '.'])).toBe('unknown');
  });
});
