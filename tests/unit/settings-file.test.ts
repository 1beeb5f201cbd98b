import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SettingsFile } from '../../src/main/engine/settings/settings-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepcut-settings-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the settings file', () => {
  it('reads a missing or unreadable file as the defaults', async () => {
    const file = new SettingsFile(dir);
    expect(await file.read()).toEqual(DEFAULT_SETTINGS);
    await writeFile(join(dir, 'settings.json'), '{ not json');
    expect(await file.read()).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps what is good when one value is bad, and reads a file from before a setting existed', async () => {
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({
        adventurous: 0.7,
        crossfadeSec: 99,
        theme: 'purple',
        normalisation: 'album',
      }),
    );
    expect(await new SettingsFile(dir).read()).toEqual({
      ...DEFAULT_SETTINGS,
      adventurous: 0.7,
      normalisation: 'album',
    });
  });

  it('applies changes one after another and writes them whole', async () => {
    const file = new SettingsFile(dir);
    await Promise.all([
      file.update({ crossfadeSec: 4 }),
      file.update({ theme: 'light' }),
      file.update({ watchFolders: false }),
    ]);
    const written = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as unknown;
    expect(written).toEqual({
      ...DEFAULT_SETTINGS,
      crossfadeSec: 4,
      theme: 'light',
      watchFolders: false,
    });
  });
});
