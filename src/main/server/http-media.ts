/**
 * Track audio and artwork over HTTP for the web mode: `/media/<track id>` with byte ranges for
 * seeking, `/artwork/<track id>?size=S`; a refusal says why (engine-host/media/refusal.ts).
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ARTWORK_HOST } from '../../shared/api-contract-media';
import { MEDIA_HOST } from '../../shared/api-contract';
import { mediaReply } from '../engine-host/media/byte-range';
import type { MediaLookup } from '../engine-host/media/media-file';
import { mediaRequestOf, type MediaRequest } from '../engine-host/media/media-request';
import { refusalReply } from '../engine-host/media/refusal';

/** The web mode's route names → the hosts they stand for in the Electron protocol's URLs. */
const ROUTES: ReadonlyMap<string, string> = new Map([
  ['media', MEDIA_HOST],
  [ARTWORK_HOST, ARTWORK_HOST],
]);

/** Whether a raw request path is one of the media routes (`/media/…`, `/artwork/…`). */
export function isMediaPath(rawPath: string): boolean {
  return ROUTES.has(rawPath.split('/')[1] ?? '') && rawPath.split('/').length > 2;
}

/**
 * Answers a media route: `rawTarget` is the request target as sent (path and query), matched
 * without decoding, so no encoded path can name a file.
 */
export async function answerMedia(
  request: IncomingMessage,
  response: ServerResponse,
  rawTarget: string,
  lookup: (media: MediaRequest) => Promise<MediaLookup>,
): Promise<void> {
  const [path = '', query = ''] = rawTarget.split('?', 2);
  const slash = path.indexOf('/', 1);
  const host = ROUTES.get(path.slice(1, slash < 0 ? undefined : slash));
  const media =
    slash < 0 || host === undefined ? null : mediaRequestOf(host, path.slice(slash), query);
  const found: MediaLookup =
    media === null ? { ok: false, refusal: 'unknown-track' } : await lookup(media);
  const headOnly = request.method === 'HEAD';
  if (!found.ok) {
    const refusal = refusalReply(found.refusal);
    response.writeHead(refusal.status, refusal.headers);
    response.end(headOnly ? undefined : refusal.body);
    return;
  }
  const { file } = found;
  const reply = mediaReply(file.size, file.contentType, request.headers.range, {
    etag: file.etag,
    ifNoneMatch: request.headers['if-none-match'] ?? null,
  });
  response.writeHead(reply.status, reply.headers);
  if (reply.body === null || headOnly) {
    response.end();
    return;
  }
  const stream = createReadStream(file.path, { start: reply.body.start, end: reply.body.end });
  // A file that vanished after it was located ends the reply early; the player reports an error.
  stream.on('error', () => response.destroy());
  response.on('close', () => stream.destroy());
  stream.pipe(response);
}
