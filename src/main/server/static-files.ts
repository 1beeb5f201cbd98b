/** The built renderer (out/renderer), served as files from that folder and nothing outside it. */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { isInside } from '../engine-host/paths';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The file under `root` that `pathname` names, or null (outside, missing, not a file). */
export async function staticFile(root: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const candidate = resolve(join(root, relative));
  if (!isInside(candidate, root)) return null;
  const real = await realpath(candidate).catch(() => null);
  if (real === null || !isInside(real, await realpath(root))) return null;
  const info = await stat(real).catch(() => null);
  return info?.isFile() === true ? real : null;
}

/** Sends a file of the renderer with its type; `headers` are added (security headers, CSP). */
export async function sendStatic(
  response: ServerResponse,
  file: string,
  headers: Readonly<Record<string, string>>,
  headOnly: boolean,
): Promise<void> {
  const info = await stat(file);
  response.writeHead(200, {
    ...headers,
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': String(info.size),
    'Cache-Control': 'no-cache',
  });
  if (headOnly) {
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}
