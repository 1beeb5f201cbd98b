/**
 * The `deepcut-media://` protocol: a track's audio (`track/<id>`, with byte ranges so seeking
 * works) and its artwork (`artwork/<id>?size=S`), by track id only. Which file may be read, or
 * why none may, is decided by the engine host's media module; this file adapts it to Electron's
 * protocol API.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { MEDIA_SCHEME } from '../../shared/app-info';
import { mediaReply } from '../engine-host/media/byte-range';
import type { MediaLookup } from '../engine-host/media/media-file';
import { mediaRequestOf, type MediaRequest } from '../engine-host/media/media-request';
import { refusalReply } from '../engine-host/media/refusal';

/** Finds the file a request may read, or why it is refused. */
export type LocateMedia = (request: MediaRequest) => Promise<MediaLookup>;

// Matched on the URL as sent: no decoding or normalising that an encoded `..` could ride through.
const MEDIA_URL = new RegExp(`^${MEDIA_SCHEME}://([a-z]+)(/[^?#]*)(?:\\?([^#]*))?$`);

/**
 * Declares the scheme before the app is ready (Electron requires it then): standard (so URLs
 * parse), secure, streamable (media elements read it in ranges), fetchable.
 */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: MEDIA_SCHEME,
      privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
    },
  ]);
}

function refused(found: Extract<MediaLookup, { ok: false }>, head: boolean): Response {
  const reply = refusalReply(found.refusal);
  return new Response(head ? null : reply.body, { status: reply.status, headers: reply.headers });
}

/** The response to one media request. */
export async function mediaResponse(request: Request, locate: LocateMedia): Promise<Response> {
  const head = request.method === 'HEAD';
  if (request.method !== 'GET' && !head) {
    return new Response('method not allowed', { status: 405 });
  }
  const match = MEDIA_URL.exec(request.url);
  const media =
    match === null ? null : mediaRequestOf(match[1] ?? '', match[2] ?? '', match[3] ?? '');
  const found: MediaLookup =
    media === null ? { ok: false, refusal: 'unknown-track' } : await locate(media);
  if (!found.ok) return refused(found, head);
  const { file } = found;
  const reply = mediaReply(file.size, file.contentType, request.headers.get('range'), {
    etag: file.etag,
    ifNoneMatch: request.headers.get('if-none-match'),
  });
  const body =
    reply.body === null || request.method === 'HEAD'
      ? null
      : (Readable.toWeb(
          createReadStream(file.path, { start: reply.body.start, end: reply.body.end }),
        ) as ReadableStream<Uint8Array>);
  return new Response(body, { status: reply.status, headers: reply.headers });
}

/** Serves the scheme; call once the app is ready. */
export function handleMediaProtocol(locate: LocateMedia): void {
  protocol.handle(MEDIA_SCHEME, (request) => mediaResponse(request, locate));
}
