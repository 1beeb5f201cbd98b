/**
 * `deepcut serve`'s HTTP server (node:http): the built renderer, the API as `POST /api/<channel>`
 * with JSON envelopes, events as Server-Sent Events at `/api/events`, track audio at
 * `/media/<id>` and artwork at `/artwork/<id>?size=S`. Every request needs the token (see
 * auth.ts); the logic behind the API is the engine host's, the same as in the desktop app (in
 * `deepcut serve`, in a process of its own).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentSecurityPolicy } from '../shell/csp';
import type { EngineHost } from '../engine-host/engine-host';
import { refusalOf, tokenCookie } from './auth';
import type { EventStreams } from './event-stream';
import { answerMedia, isMediaPath } from './http-media';
import { sendStatic, staticFile } from './static-files';

/** What answers the server's calls: an engine host, in this process or behind a supervisor. */
export type ApiBackend = Pick<EngineHost, 'dispatch' | 'media'>;

/** Options for {@link startWebServer}. */
export type WebServerOptions = Readonly<{
  host: string;
  /** 0 for any free port. */
  port: number;
  token: string;
  /** The built renderer (index.html and assets/). */
  rendererDir: string;
  engine: ApiBackend;
  events: EventStreams;
  /** Admit any Host header: only for a server opened to the network on purpose. */
  anyHost: boolean;
}>;

/** A running server. */
export type WebServer = Readonly<{
  /** The origin, e.g. http://127.0.0.1:4321 */
  origin: string;
  /** The URL to open: the origin with the token. */
  url: string;
  close: () => Promise<void>;
}>;

const MAX_BODY_BYTES = 1024 * 1024;
/**
 * An M3U8 import carries the picked file's text (up to 20 M characters, api-schemas-ui.ts), so
 * that one channel may send more; every other argument is small.
 */
const MAX_BODY_BYTES_BY_CHANNEL: Readonly<Record<string, number>> = {
  'playlists:import-m3u': 64 * 1024 * 1024,
  // A history export's text: up to 200 M characters (api-schemas-history.ts), JSON-escaped.
  'history:preview-import': 512 * 1024 * 1024,
  'history:import-file': 512 * 1024 * 1024,
};

const PAGE_HEADERS = {
  'Content-Security-Policy': contentSecurityPolicy(),
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...PAGE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(body);
}

async function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A request without Origin (not from a page) or from a page of this server. */
function isSameOrigin(request: IncomingMessage): boolean {
  const from = request.headers.origin;
  if (from === undefined) return true;
  try {
    return new URL(from).host === request.headers.host;
  } catch {
    return false;
  }
}

async function answerApi(
  request: IncomingMessage,
  response: ServerResponse,
  channel: string,
  engine: ApiBackend,
): Promise<void> {
  if (request.method !== 'POST') return sendText(response, 405, 'the API takes POST');
  // Forms and cross-site pages cannot send JSON without a CORS preflight, which is never granted.
  if (!request.headers['content-type']?.startsWith('application/json')) {
    return sendText(response, 415, 'the API takes application/json');
  }
  if (!isSameOrigin(request)) return sendText(response, 403, 'foreign origin');
  const body = await readBody(request, MAX_BODY_BYTES_BY_CHANNEL[channel] ?? MAX_BODY_BYTES);
  if (body === null) {
    // The rest of the body is never read, so this connection cannot carry another request.
    response.shouldKeepAlive = false;
    return sendText(response, 413, 'request body too large');
  }
  let arg: unknown;
  try {
    arg = body === '' ? {} : JSON.parse(body);
  } catch {
    return sendJson(response, 200, {
      ok: false,
      error: { code: 'bad-request', message: 'the request body is not JSON' },
    });
  }
  sendJson(response, 200, await engine.dispatch(channel, arg));
}

/** Starts the server; resolves once it listens. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { engine, events, token, rendererDir } = options;
  let origin = '';
  let allowedHosts: ReadonlySet<string> | null = null;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    // Parsed against a fixed base so that an absolute or `//host` request target names no host.
    const target = request.url?.startsWith('/') === true ? request.url : '/';
    const url = new URL(`http://localhost${target}`);
    const rawPath = target.split('?')[0] ?? '/';
    const fromQuery =
      url.pathname === '/' ? (url.searchParams.get('token') ?? undefined) : undefined;
    const refusal = refusalOf(request, token, allowedHosts, fromQuery);
    if (refusal !== null) return sendText(response, refusal.status, refusal.message);
    if (fromQuery !== undefined) {
      // Keep the token out of the address bar and history: it lives on as the cookie.
      response.writeHead(302, { 'Set-Cookie': tokenCookie(token), Location: '/' });
      return void response.end();
    }
    const headOnly = request.method === 'HEAD';
    if (rawPath === '/api/events') {
      if (request.method !== 'GET') return sendText(response, 405, 'the event stream takes GET');
      return events.open(response);
    }
    // Channel names are plain ASCII, so the raw path is the name; anything else is unknown.
    if (rawPath.startsWith('/api/')) return answerApi(request, response, rawPath.slice(5), engine);
    if (request.method !== 'GET' && !headOnly) return sendText(response, 405, 'method not allowed');
    if (isMediaPath(rawPath)) return answerMedia(request, response, target, engine.media);
    const file = await staticFile(rendererDir, url.pathname);
    if (file === null) return sendText(response, 404, 'not found');
    await sendStatic(response, file, PAGE_HEADERS, headOnly);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendText(response, 500, 'unexpected failure');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // A server on every interface is opened from this machine through the loopback address.
  const local = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const shownHost = local.includes(':') ? `[${local}]` : local;
  origin = `http://${shownHost}:${port}`;
  allowedHosts = options.anyHost
    ? null
    : new Set([`${shownHost}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
  return {
    origin,
    url: `${origin}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        events.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
