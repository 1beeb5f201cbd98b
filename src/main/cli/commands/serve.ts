import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../../engine/engine';
import { createEngineHost } from '../../engine-host/engine-host';
import { newToken } from '../../server/auth';
import { EventStreams } from '../../server/event-stream';
import { startWebServer } from '../../server/web-server';
import { COMMON_OPTIONS, parseCommand, writeJson, type CliIo } from '../io';
import { UsageError } from '../usage';

export const SERVE_OPTIONS = {
  ...COMMON_OPTIONS,
  port: { type: 'string' },
  host: { type: 'string' },
} as const;

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost)$/i;

/** The checkout's (or installed package's) root: the nearest folder above with package.json. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no package.json above the serve command');
    dir = parent;
  }
  return dir;
}

/**
 * The built renderer: `DEEPCUT_RENDERER_DIR` (for development and tests), else out/renderer,
 * which `npm run build` makes. Serving a build rather than compiling on the fly keeps `serve`
 * quick to start and free of the build tools.
 */
function rendererDir(root: string): string {
  const dir = resolve(process.env.DEEPCUT_RENDERER_DIR ?? join(root, 'out', 'renderer'));
  if (!existsSync(join(dir, 'index.html'))) {
    throw new UsageError(`the app's pages are not built in ${dir}: run \`npm run build\` first`);
  }
  return dir;
}

function portOf(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port takes a port number (0 to 65535), got "${value}"`);
  }
  return port;
}

/**
 * `deepcut serve`: the app in a browser, on 127.0.0.1 unless `--host` says otherwise. Runs until
 * the signal (Ctrl-C) and returns the exit code.
 */
export async function serveCommand(
  engine: Engine,
  args: readonly string[],
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  const { values } = parseCommand(args, SERVE_OPTIONS);
  const port = portOf(values.port);
  const host = values.host ?? '127.0.0.1';
  const root = packageRoot();
  const pages = rendererDir(root);
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const remote = !LOOPBACK.test(host);
  if (remote) {
    io.stderr.write(
      `deepcut: warning: listening on ${host}, beyond this computer: anyone who can reach it and ` +
        'sees the token can play and change your library. The connection is not encrypted.\n',
    );
  }
  const events = new EventStreams();
  const engineHost = createEngineHost(engine, {
    mode: 'web',
    version,
    emit: (event, payload) => events.send(event, payload),
    watch: { catchUp: true },
  });
  const server = await startWebServer({
    host,
    port,
    token: newToken(),
    rendererDir: pages,
    engine: engineHost,
    events,
    anyHost: remote,
  }).catch((error: unknown) => {
    throw new UsageError(`cannot listen on ${host}:${port}: ${(error as Error).message}`);
  });
  if (values.json) {
    writeJson(io, { url: server.url, origin: server.origin });
  } else {
    io.stdout.write(
      `Deepcut is running. Open this address in your browser:\n\n  ${server.url}\n\n`,
    );
    io.stdout.write('The address carries a one-time token; keep it private. Ctrl-C stops.\n');
  }
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await engineHost.close();
  await server.close();
  return 0;
}
