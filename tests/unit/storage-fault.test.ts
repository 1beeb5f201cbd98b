/** Disk trouble, as Node and LanceDB word it, becomes one line saying what to do. */
import { describe, expect, it } from 'vitest';
import { storageFault, storageFaultKind } from '../../src/main/engine/store/storage-fault';

const nodeError = (code: string, path: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: something, write '${path}'`), { code, path });

const LANCE_FULL =
  'Failed to execute merge insert: GenericFailure, lance error: LanceError(IO): No space left on device (os error 28), writer.rs:380:9';

describe('storageFault', () => {
  it('knows a full, read-only or refused disk from Node codes, Lance messages and causes', () => {
    expect(storageFaultKind(nodeError('ENOSPC', '/d/x'))).toBe('full');
    expect(storageFaultKind(nodeError('EDQUOT', '/d/x'))).toBe('full');
    expect(storageFaultKind(new Error(LANCE_FULL))).toBe('full');
    expect(storageFaultKind(new Error('LanceError(IO): Read-only file system (os error 30)'))).toBe(
      'read-only',
    );
    expect(storageFaultKind(new Error('wrapped', { cause: nodeError('EROFS', '/d') }))).toBe(
      'read-only',
    );
    expect(storageFaultKind(nodeError('EACCES', '/d/x'))).toBe('denied');
    expect(storageFaultKind(nodeError('ENOENT', '/d/x'))).toBeNull();
    expect(storageFaultKind(new Error('no space for a radio seed'))).toBeNull();
    expect(storageFaultKind('ENOSPC')).toBeNull();
  });

  it('says what to do about the data folder', () => {
    expect(storageFault(new Error(LANCE_FULL), '/data')?.message).toBe(
      'the disk holding the data folder /data is full: free some space on it and run again; what was saved before is kept',
    );
    expect(storageFault(nodeError('EROFS', '/data/playlists/a.json'), '/data')?.message).toMatch(
      /^the data folder \/data is read-only: make it writable, or choose another data folder/,
    );
    expect(storageFault(nodeError('EACCES', '/data/x'), '/data')?.message).toMatch(
      /^the data folder \/data cannot be written by this user: fix its permissions/,
    );
    expect(storageFault(new Error('other'), '/data')).toBeNull();
  });

  it('names a file outside the data folder, and leaves a refused read there alone', () => {
    expect(storageFault(nodeError('ENOSPC', '/mnt/usb/list.m3u8'), '/data')?.message).toMatch(
      /^cannot write \/mnt\/usb\/list\.m3u8: its disk is full/,
    );
    expect(storageFault(nodeError('EACCES', '/root/list.m3u8'), '/data')).toBeNull();
  });
});
