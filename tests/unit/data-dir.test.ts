import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from '../../src/main/engine/data-dir';

describe('data folder', () => {
  it('follows each OS convention for app data, like Electron userData', () => {
    expect(defaultDataDir('linux', {})).toBe(join(homedir(), '.config', 'Deepcut'));
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' })).toBe('/x/Deepcut');
    expect(defaultDataDir('darwin', {})).toBe(
      join(homedir(), 'Library', 'Application Support', 'Deepcut'),
    );
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' })).toContain(
      'Deepcut',
    );
  });

  it('takes --data over DEEPCUT_DATA over the default', () => {
    expect(resolveDataDir('rel/dir', { DEEPCUT_DATA: '/env' })).toBe(resolve('rel/dir'));
    expect(resolveDataDir(undefined, { DEEPCUT_DATA: '/env' })).toBe('/env');
  });
});
