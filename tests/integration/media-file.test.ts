import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaReply, planRange } from '../../src/main/engine-host/media/byte-range';
import {
  audioContentType,
  isTrackId,
  mediaFileOf,
} from '../../src/main/engine-host/media/media-file';
import type { MediaRefusal } from '../../src/shared/api-contract-media';

const refusal = (code: MediaRefusal) => ({ ok: false, refusal: code });

let root: string;
let library: string;
let outside: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'deepcut-media-'));
  library = join(root, 'Music');
  outside = join(root, 'private');
  await mkdir(join(library, 'album'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(join(library, 'album', 'song.mp3'), Buffer.alloc(1000, 1));
  await writeFile(join(library, 'notes.txt'), 'not audio');
  await writeFile(join(outside, 'secret.mp3'), 'private bytes');
  await writeFile(join(outside, 'passwd'), 'root:x:0:0');
  // A link inside the library that points out of it, and one that stays inside.
  await symlink(join(outside, 'secret.mp3'), join(library, 'escape.mp3'));
  await symlink(join(library, 'album', 'song.mp3'), join(library, 'alias.mp3'));
  await symlink(outside, join(library, 'linked-folder'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const lookup = (path: string | null, folders = [library]) =>
  mediaFileOf(path === null ? null : { path }, folders);

describe('which files may be served', () => {
  it('serves a library track with its content type and size', async () => {
    expect(await lookup(join(library, 'album', 'song.mp3'))).toEqual({
      ok: true,
      file: {
        path: join(library, 'album', 'song.mp3'),
        size: 1000,
        contentType: 'audio/mpeg',
        etag: null,
      },
    });
  });

  it('refuses a file outside every library folder, and no track at all, saying which', async () => {
    expect(await lookup(join(outside, 'secret.mp3'))).toEqual(refusal('outside-folders'));
    expect(await lookup(null)).toEqual(refusal('unknown-track'));
    expect(await lookup(join(library, 'album', 'song.mp3'), [])).toEqual(
      refusal('outside-folders'),
    );
  });

  it('refuses `..` that climbs out of the library', async () => {
    const climbing = join(library, 'album', '..', '..', 'private', 'secret.mp3');
    expect(await lookup(climbing)).toEqual(refusal('outside-folders'));
    const raw = `${library}/album/../../private/secret.mp3`;
    expect(await lookup(raw)).toEqual(refusal('outside-folders'));
  });

  it('refuses symlinks that point out of the library, by their real path', async () => {
    expect(await lookup(join(library, 'escape.mp3'))).toEqual(refusal('outside-folders'));
    const throughFolder = join(library, 'linked-folder', 'secret.mp3');
    expect(await lookup(throughFolder)).toEqual(refusal('outside-folders'));
  });

  it('follows a symlink that stays inside, and opens the real file', async () => {
    const found = await lookup(join(library, 'alias.mp3'));
    expect(found.ok && found.file.path).toBe(join(library, 'album', 'song.mp3'));
  });

  it('refuses what is not an audio file, a missing file, and a folder, saying which', async () => {
    expect(await lookup(join(library, 'notes.txt'))).toEqual(refusal('not-audio'));
    expect(await lookup(join(outside, 'passwd'), [outside])).toEqual(refusal('not-audio'));
    expect(await lookup(join(library, 'gone.mp3'))).toEqual(refusal('file-gone'));
    await mkdir(join(library, 'folder.mp3'), { recursive: true });
    expect(await lookup(join(library, 'folder.mp3'))).toEqual(refusal('not-audio'));
  });

  it('takes only well-formed track ids, so no path or encoding can name a file', () => {
    expect(isTrackId('0123456789abcdef')).toBe(true);
    for (const id of [
      '../../etc/passwd',
      '%2e%2e%2fetc',
      '0123456789ABCDEF',
      '0123456789abcdef/..',
      '',
    ]) {
      expect(isTrackId(id)).toBe(false);
    }
  });

  it('knows the content type of every scanned format', () => {
    const types = [
      'a.mp3',
      'a.flac',
      'a.ogg',
      'a.oga',
      'a.opus',
      'a.m4a',
      'a.wav',
      'a.aiff',
      'a.AIF',
    ].map(audioContentType);
    expect(types).toEqual([
      'audio/mpeg',
      'audio/flac',
      'audio/ogg',
      'audio/ogg',
      'audio/ogg',
      'audio/mp4',
      'audio/wav',
      'audio/aiff',
      'audio/aiff',
    ]);
    expect(audioContentType('a.m3u')).toBeNull();
  });
});

describe('byte ranges', () => {
  it('sends the whole file without a Range header', () => {
    expect(mediaReply(1000, 'audio/mpeg', undefined)).toMatchObject({
      status: 200,
      headers: { 'Content-Length': '1000', 'Accept-Ranges': 'bytes' },
      body: { start: 0, end: 999 },
    });
  });

  it('sends the first bytes of a file', () => {
    expect(mediaReply(1000, 'audio/mpeg', 'bytes=0-99')).toMatchObject({
      status: 206,
      headers: { 'Content-Range': 'bytes 0-99/1000', 'Content-Length': '100' },
      body: { start: 0, end: 99 },
    });
  });

  it('sends an open-ended range and a suffix range', () => {
    expect(planRange('bytes=900-', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(planRange('bytes=-100', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(planRange('bytes=-5000', 1000)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(planRange('bytes=990-5000', 1000)).toEqual({ kind: 'partial', start: 990, end: 999 });
  });

  it('answers 416 with the size for a range past the end', () => {
    expect(mediaReply(1000, 'audio/mpeg', 'bytes=1000-')).toMatchObject({
      status: 416,
      headers: { 'Content-Range': 'bytes */1000' },
      body: null,
    });
    expect(planRange('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(planRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('ignores a header it cannot honour as one range and sends the whole file', () => {
    for (const header of ['bytes=0-1,5-6', 'items=0-1', 'bytes=abc', 'bytes=-', 'bytes=50-10']) {
      expect(planRange(header, 1000)).toEqual({ kind: 'full' });
    }
  });
});
