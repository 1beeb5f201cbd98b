/**
 * The `deepcut-media://track/<id>` protocol: a track's audio for the player, by id only, with
 * byte ranges so seeking works. Which file may be read is decided by the engine host's media
 * module (a library track whose real path is inside a library folder); this file adapts it to
 * Electron's protocol API.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { MEDIA_HOST } from '../../shared/api-contract';
import { MEDIA_SCHEME } from '../../shared/app-info';
import { mediaReply } from '../engine-host/media/byte-range';
import type { MediaFile } from '../engine-host/media/media-file';

/** Finds the file of a track, or null when it must not be served. */
export type LocateMedia = (trackId: string) => Promise<MediaFile | null>;

// Matched on the URL as sent: no decoding or normalising that an encoded `..` could ride through.
const MEDIA_URL = new RegExp(`^${MEDIA_SCHEME}://${MEDIA_HOST}/([0-9a-f]{16})$`);

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

function notFound(): Response {
  return new Response('not a library track', { status: 404 });
}

/** The response to one media request. */
export async function mediaResponse(request: Request, locate: LocateMedia): Promise<Response> {
  const match = MEDIA_URL.exec(request.url);
  if (match === null || match[1] === undefined) return notFound();
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('method not allowed', { status: 405 });
  }
  const file = await locate(match[1]);
  if (file === null) return notFound();
  const reply = mediaReply(file.size, file.contentType, request.headers.get('range'));
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
