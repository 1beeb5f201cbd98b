/** Track audio over HTTP for the web mode: `/media/<track id>`, with byte ranges for seeking. */
import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { mediaReply } from '../engine-host/media/byte-range';
import type { MediaFile } from '../engine-host/media/media-file';

/** Sends a located media file (or the 416 for a range past its end) in reply to `range`. */
export function sendMedia(
  response: ServerResponse,
  file: MediaFile,
  range: string | undefined,
  headOnly: boolean,
): void {
  const reply = mediaReply(file.size, file.contentType, range);
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
