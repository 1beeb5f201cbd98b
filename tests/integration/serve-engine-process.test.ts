/**
 * `deepcut serve` hosts the engine in a child process of its own, as the desktop app does: an
 * engine that dies fails only the calls in flight (`engine-unavailable`), is started again, the
 * pages hear `engine:restarted`, and later calls are answered. Linux (/proc tells the children).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServe } from '../e2e/support/serve';
import { runCliProcess } from '../helpers/cli';
import { childPids, hasProc, isRunning } from '../helpers/processes';

let dir: string;
let pages: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepcut-serve-engine-'));
  pages = join(dir, 'renderer');
  await mkdir(pages, { recursive: true });
  await writeFile(join(pages, 'index.html'), '<!doctype html><title>Deepcut</title>');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function call(origin: string, token: string, channel: string): Promise<unknown> {
  return fetch(`${origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'x-deepcut-token': token, 'content-type': 'application/json' },
    body: '{}',
  }).then((response) => response.json());
}

/** Collects the event stream's text until `stop`. */
function listen(origin: string, token: string): { text: () => string; stop: () => void } {
  let text = '';
  const { hostname, port } = new URL(origin);
  const req = request(
    { host: hostname, port, path: '/api/events', headers: { 'x-deepcut-token': token } },
    (res) => {
      res.on('error', () => undefined);
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
    },
  );
  req.on('error', () => undefined);
  req.end();
  return { text: () => text, stop: () => req.destroy() };
}

const onlyChild = (pid: number): number => {
  const children = childPids(pid);
  expect(children).toHaveLength(1);
  return children[0] ?? 0;
};

describe.skipIf(!hasProc)('deepcut serve and its engine process', () => {
  it('fails the calls in flight when the engine dies, restarts it, and answers the rest', async () => {
    const served = await startServe(['--data', join(dir, 'data')], { DEEPCUT_RENDERER_DIR: pages });
    const token = new URL(served.url).searchParams.get('token') ?? '';
    const events = listen(served.origin, token);
    try {
      const servePid = served.child.pid ?? 0;
      const engine = onlyChild(servePid);
      expect(await call(served.origin, token, 'library:get-folders')).toEqual({
        ok: true,
        value: [],
      });
      // A frozen engine cannot answer: the call is surely in flight when the engine is killed.
      process.kill(engine, 'SIGSTOP');
      const inFlight = call(served.origin, token, 'library:get-folders');
      await new Promise((resolve) => setTimeout(resolve, 200));
      process.kill(engine, 'SIGKILL');
      expect(await inFlight).toMatchObject({
        ok: false,
        error: { code: 'engine-unavailable', message: expect.stringContaining('killed') },
      });
      // Made while the engine restarts: it waits for the new one.
      expect(await call(served.origin, token, 'library:get-folders')).toEqual({
        ok: true,
        value: [],
      });
      const restarted = onlyChild(servePid);
      expect(restarted).not.toBe(engine);
      await vi.waitFor(() => expect(events.text()).toContain('event: engine:restarted'));
    } finally {
      events.stop();
      expect(await served.stop()).toBe(0);
    }
  });

  it('takes its engine with it when killed outright', async () => {
    const served = await startServe(['--data', join(dir, 'data')], { DEEPCUT_RENDERER_DIR: pages });
    const engine = onlyChild(served.child.pid ?? 0);
    served.child.kill('SIGKILL');
    await served.stop();
    await vi.waitFor(() => expect(isRunning(engine)).toBe(false), { timeout: 10_000 });
  });

  it('says why when the engine cannot open the library, and exits', async () => {
    const notAFolder = join(dir, 'not-a-folder');
    await writeFile(notAFolder, 'x');
    const result = await runCliProcess(['serve', '--data', notAFolder], {
      DEEPCUT_RENDERER_DIR: pages,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^deepcut: data folder is not writable: .*not-a-folder/m);
  });
});
