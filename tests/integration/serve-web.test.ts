/**
 * The web mode's server with the real engine host behind it: the token and Host checks, the
 * static pages, the API over POST, events over SSE, and media over HTTP ranges.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { createEngineHost } from '../../src/main/engine-host/engine-host';
import { EventStreams } from '../../src/main/server/event-stream';
import { startWebServer, type WebServer } from '../../src/main/server/web-server';
import { analysedTrack, seededRandom, unitVector } from './store-fixtures';

const TOKEN = 'test-token-0123456789';
let dir: string;
let engine: Engine;
let server: WebServer;
let trackId: string;

/** A raw HTTP request (fetch would refuse a custom Host header and normalise `..`). */
function raw(
  path: string,
  options: Readonly<{ method?: string; headers?: Record<string, string>; body?: string }> = {},
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}> {
  const { port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      // A fresh connection each time, so one test's refused request cannot spoil the next.
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const authed = (headers: Record<string, string> = {}): Record<string, string> => ({
  'x-deepcut-token': TOKEN,
  ...headers,
});

const api = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(`/api/${channel}`, {
    method: 'POST',
    headers: authed({ 'content-type': 'application/json', ...headers }),
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepcut-serve-'));
  const pages = join(dir, 'renderer');
  const music = join(dir, 'music');
  await mkdir(join(pages, 'assets'), { recursive: true });
  await mkdir(music, { recursive: true });
  await writeFile(join(pages, 'index.html'), '<!doctype html><title>Deepcut</title>');
  await writeFile(join(pages, 'assets', 'app.js'), 'console.log(1);');
  await writeFile(join(dir, 'secret.txt'), 'outside the pages');
  const song = join(music, 'song.flac');
  await writeFile(song, Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256)));
  engine = await Engine.open({ dataDir: join(dir, 'data') });
  const track = analysedTrack(song, unitVector(seededRandom(3)));
  trackId = track.id;
  await engine.store.writeTracks([track]);
  await engine.store.setFolders([music]);
  const events = new EventStreams();
  const host = createEngineHost(engine, {
    mode: 'web',
    version: '1.0.0',
    emit: (event, payload) => events.send(event, payload),
  });
  server = await startWebServer({
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    rendererDir: pages,
    engine: host,
    events,
    anyHost: false,
  });
});
afterAll(async () => {
  await server.close();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('who may talk to it', () => {
  it('refuses requests without the token (401) and with a wrong one (403)', async () => {
    for (const path of ['/', '/assets/app.js', '/api/events', `/media/${trackId}`]) {
      expect((await raw(path)).status, path).toBe(401);
      expect((await raw(path, { headers: { 'x-deepcut-token': 'wrong' } })).status, path).toBe(403);
      expect((await raw(path, { headers: { cookie: 'deepcut-token=wrong' } })).status, path).toBe(
        403,
      );
    }
    const noToken = await raw('/api/library:get-folders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noToken.status).toBe(401);
    expect((await raw('/?token=wrong')).status).toBe(403);
  });

  it('turns the URL token into an HttpOnly SameSite cookie and drops it from the address', async () => {
    const first = await raw(`/?token=${TOKEN}`);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain(`deepcut-token=${TOKEN}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await raw('/', { headers: { cookie: `deepcut-token=${TOKEN}` } });
    expect(page.status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const rebound = await raw('/', { headers: authed({ host: 'evil.example:80' }) });
    expect(rebound.status).toBe(403);
  });

  it('refuses API calls from another origin, and bodies that are not JSON', async () => {
    const foreign = await api('library:get-folders', {}, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const form = await raw('/api/library:get-folders', {
      method: 'POST',
      headers: authed({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: 'a=b',
    });
    expect(form.status).toBe(415);
    expect((await raw('/api/library:get-folders', { headers: authed() })).status).toBe(405);
  });
});

describe('pages', () => {
  it('serves the renderer with a strict CSP and no other files', async () => {
    const page = await raw('/', { headers: authed() });
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await raw('/assets/app.js', { headers: authed() })).headers['content-type']).toMatch(
      /javascript/,
    );
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/nope.html',
    ]) {
      expect((await raw(path, { headers: authed() })).status, path).toBe(404);
    }
  });
});

describe('API and events', () => {
  it('answers calls with envelopes', async () => {
    const folders = await api('library:get-folders', {});
    expect(JSON.parse(folders.body.toString())).toEqual({ ok: true, value: [join(dir, 'music')] });
    const bad = await api('library:get-track', { id: '../etc' });
    expect(JSON.parse(bad.body.toString())).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    const unknown = await api('library:drop', {});
    expect(JSON.parse(unknown.body.toString())).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
    const notJson = await raw('/api/library:get-folders', {
      method: 'POST',
      headers: authed({ 'content-type': 'application/json' }),
      body: '{nope',
    });
    expect(JSON.parse(notJson.body.toString())).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    const huge = await raw('/api/library:get-folders', {
      method: 'POST',
      headers: authed({ 'content-type': 'application/json' }),
      body: `"${'x'.repeat(2 * 1024 * 1024)}"`,
    }).catch(() => ({ status: 413 }));
    expect(huge.status).toBe(413);
    // An M3U8 import carries a whole playlist file: the same size is read and answered.
    const playlist = `#EXTM3U\n${'#EXTINF:200,Nobody - Nothing\n/nowhere/x.mp3\n'.repeat(50_000)}`;
    expect(playlist.length).toBeGreaterThan(2 * 1024 * 1024);
    const imported = await raw('/api/playlists:import-m3u', {
      method: 'POST',
      headers: authed({ 'content-type': 'application/json' }),
      body: JSON.stringify({ text: playlist, fileName: 'big.m3u8' }),
    });
    expect(imported.status).toBe(200);
    expect(JSON.parse(imported.body.toString())).toMatchObject({
      ok: true,
      value: { playlist: { name: 'big', count: 0 } },
    });
  });

  it('pushes events over Server-Sent Events', async () => {
    const { port } = new URL(server.origin);
    const received = new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/api/events', headers: authed(), agent: false },
        (res) => {
          expect(res.headers['content-type']).toMatch(/text\/event-stream/);
          // Closing the stream from this side resets it; that is the end of the test, not a failure.
          res.on('error', () => undefined);
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (text.includes('event: library:changed')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    // An event only reaches streams that are open: change the folders once the stream is up.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const added = await api('library:add-folder', { path: join(dir, 'renderer') });
    expect(JSON.parse(added.body.toString())).toMatchObject({ ok: true });
    const text = await received;
    expect(text).toContain('event: library:changed\ndata: {"reason":"folders"}');
  });
});

describe('media', () => {
  it('streams a track in byte ranges', async () => {
    const whole = await raw(`/media/${trackId}`, { headers: authed() });
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/flac');
    expect(whole.body.length).toBe(1000);
    const first = await raw(`/media/${trackId}`, { headers: authed({ range: 'bytes=0-3' }) });
    expect(first.status).toBe(206);
    expect(first.headers['content-range']).toBe('bytes 0-3/1000');
    expect([...first.body]).toEqual([0, 1, 2, 3]);
    const suffix = await raw(`/media/${trackId}`, { headers: authed({ range: 'bytes=-2' }) });
    expect([...suffix.body]).toEqual([998 % 256, 999 % 256]);
    const past = await raw(`/media/${trackId}`, { headers: authed({ range: 'bytes=5000-' }) });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe('bytes */1000');
    const head = await raw(`/media/${trackId}`, { method: 'HEAD', headers: authed() });
    expect(head.headers['content-length']).toBe('1000');
  });

  it('refuses anything but a library track id', async () => {
    for (const path of [
      '/media/fedcba9876543210',
      '/media/..%2f..%2fsecret.txt',
      '/media/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/media/../secret.txt',
      `/media/${trackId}/..`,
      `/media/${trackId.toUpperCase()}`,
    ]) {
      expect((await raw(path, { headers: authed() })).status, path).toBe(404);
    }
  });
});
