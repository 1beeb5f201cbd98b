import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MediaFile, MediaLookup } from '../../src/main/engine-host/media/media-file';
import type { MediaRequest } from '../../src/main/engine-host/media/media-request';

const mock = await vi.hoisted(async () =>
  (await import('../helpers/electron-mock')).createElectronMock(),
);
vi.mock('electron', () => mock);
const { handleMediaProtocol, mediaResponse, registerMediaScheme } =
  await import('../../src/main/shell/media-protocol');

const ID = '0123456789abcdef';
let dir: string;
let file: MediaFile;
const locate = vi.fn(async (request: MediaRequest): Promise<MediaLookup> =>
  request.trackId === ID && request.kind === 'track'
    ? { ok: true, file }
    : { ok: false, refusal: request.kind === 'artwork' ? 'no-artwork' : 'unknown-track' },
);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepcut-protocol-'));
  const path = join(dir, 'song.flac');
  await writeFile(path, Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
  file = { path, size: 256, contentType: 'audio/flac', etag: null };
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => {
  mock.reset();
  locate.mockClear();
});

const get = (url: string, headers: Record<string, string> = {}): Promise<Response> =>
  mediaResponse(new Request(url, { headers }), locate);

describe('media protocol', () => {
  it('registers a standard, secure, streamable scheme and serves it', () => {
    registerMediaScheme();
    expect(mock.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'deepcut-media',
        privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
      },
    ]);
    handleMediaProtocol(locate);
    expect(mock.protocol.handle.mock.lastCall?.[0]).toBe('deepcut-media');
  });

  it('streams a track by id, whole or in byte ranges', async () => {
    const whole = await get(`deepcut-media://track/${ID}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/flac');
    expect((await whole.arrayBuffer()).byteLength).toBe(256);

    const part = await get(`deepcut-media://track/${ID}`, { Range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 10-19/256');
    expect([...new Uint8Array(await part.arrayBuffer())]).toEqual([
      10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    ]);

    const past = await get(`deepcut-media://track/${ID}`, { Range: 'bytes=256-' });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */256');
  });

  it('refuses unknown ids and anything that is not a plain track id, without a lookup', async () => {
    expect((await get('deepcut-media://track/fedcba9876543210')).status).toBe(404);
    locate.mockClear();
    for (const url of [
      'deepcut-media://track/..%2f..%2fetc%2fpasswd',
      'deepcut-media://track/%2e%2e/%2e%2e/etc/passwd',
      `deepcut-media://track/${ID}/../../etc/passwd`,
      `deepcut-media://track/${ID}?x=1`,
      `deepcut-media://file/${ID}`,
      'deepcut-media://track/',
    ]) {
      expect((await get(url)).status, url).toBe(404);
    }
    expect(locate).not.toHaveBeenCalled();
  });
});
