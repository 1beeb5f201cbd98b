/** `deepcut serve` as a person runs it: the printed address, the token, flags, Ctrl-C. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../helpers/cli';
import { startServe } from '../e2e/support/serve';

let dir: string;
let pages: string;
let firstUrl = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepcut-serve-cli-'));
  pages = join(dir, 'renderer');
  await mkdir(pages, { recursive: true });
  await writeFile(join(pages, 'index.html'), '<!doctype html><title>Deepcut</title>');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('deepcut serve', () => {
  it('prints a loopback URL with a token, refuses requests without it, and stops on Ctrl-C', async () => {
    const served = await startServe(['--data', join(dir, 'data')], { DEEPCUT_RENDERER_DIR: pages });
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
      firstUrl = served.url;
      expect((await fetch(served.origin)).status).toBe(401);
      expect((await fetch(`${served.origin}/?token=nope`)).status).toBe(403);
      const opened = await fetch(served.url, { redirect: 'manual' });
      expect(opened.status).toBe(302);
      const cookie = opened.headers.get('set-cookie')?.split(';')[0] ?? '';
      const page = await fetch(served.origin, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Deepcut</title>');
      const info = await fetch(`${served.origin}/api/app:get-info`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(await info.json()).toMatchObject({ ok: true, value: { mode: 'web' } });
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it('warns when told to listen beyond this computer, with a new token', async () => {
    const served = await startServe(['--data', join(dir, 'data'), '--host', '0.0.0.0'], {
      DEEPCUT_RENDERER_DIR: pages,
    });
    try {
      expect(served.stderr()).toMatch(/warning: listening on 0\.0\.0\.0, beyond this computer/);
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
      const token = (url: string): string | null => new URL(url).searchParams.get('token');
      expect(token(served.url)).not.toBe(token(firstUrl));
      // Still nothing without the token.
      expect((await fetch(served.origin)).status).toBe(401);
    } finally {
      await served.stop();
    }
  });

  it('refuses a bad port, and says how to build the pages when they are missing', async () => {
    const port = await runCliProcess(['serve', '--port', 'http', '--data', join(dir, 'data')], {
      DEEPCUT_RENDERER_DIR: pages,
    });
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port takes a port number/);
    const unbuilt = await runCliProcess(['serve', '--data', join(dir, 'data')], {
      DEEPCUT_RENDERER_DIR: join(dir, 'nowhere'),
    });
    expect(unbuilt.code).toBe(2);
    expect(unbuilt.stderr).toMatch(/npm run build/);
  });
});
