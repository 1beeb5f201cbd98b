import { spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataLock } from '../../src/main/engine/data-lock';
import { tempDir } from '../helpers/synth';

/** The pid of a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.on('exit', r));
  return child.pid ?? 999_999;
}

describe('data folder writer lock', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lets one writer in at a time and names the holder', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await writeFile(join(dir, 'deepcut.lock'), String(holder.pid));
      await expect(acquireDataLock(dir)).rejects.toThrow(`pid ${holder.pid}`);
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock left by a killed process, and releases it', async () => {
    await writeFile(join(dir, 'deepcut.lock'), String(await deadPid()));
    const release = await acquireDataLock(dir);
    expect(await readFile(join(dir, 'deepcut.lock'), 'utf8')).toBe(String(process.pid));
    await release();
    const again = await acquireDataLock(dir);
    await again();
  });

  it('is shared within a process: the file stays until the last holder releases', async () => {
    const file = join(dir, 'deepcut.lock');
    const background = await acquireDataLock(dir);
    const folderEdit = await acquireDataLock(dir);
    await folderEdit();
    await folderEdit();
    expect(await readFile(file, 'utf8')).toBe(String(process.pid));
    await background();
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
