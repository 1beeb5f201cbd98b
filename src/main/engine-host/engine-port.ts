/**
 * The engine process's side of the host protocol: opens the engine, answers main's messages in
 * order of arrival (each reply carries its request's sequence number) and forwards events.
 * Independent of Electron: it talks to anything shaped like a utilityProcess's parentPort.
 */
import { toApiError } from './api-errors';
import type { EngineHost } from './engine-host';
import type { FromEngine, ToEngine } from './host-protocol';
import type { MediaLookup } from './media/media-file';

/** What the engine process talks through (Electron's `process.parentPort`). */
export type EnginePort = Readonly<{
  on: (event: 'message', listener: (message: Readonly<{ data: unknown }>) => void) => unknown;
  postMessage: (message: FromEngine) => void;
}>;

/** Opens the engine host; its events go to `emit`. */
export type OpenHost = (emit: (message: FromEngine) => void) => Promise<EngineHost>;

function isToEngine(data: unknown): data is ToEngine {
  return typeof data === 'object' && data !== null && 'type' in data;
}

/**
 * Serves the protocol on `port`. Messages that arrive while the engine opens wait for it; if it
 * cannot open, main is told (`fatal`) and `exit(1)` runs. Resolves when main asks to shut down.
 */
export function serveEnginePort(
  port: EnginePort,
  open: OpenHost,
  exit: (code: number) => void,
): Promise<void> {
  const post = (message: FromEngine): void => port.postMessage(message);
  const opening = open(post);
  let stopped: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (stopped = resolve));

  const handle = async (message: ToEngine): Promise<void> => {
    const host = await opening;
    switch (message.type) {
      case 'call':
        post({
          type: 'reply',
          seq: message.seq,
          result: await host.dispatch(message.channel, message.arg),
        });
        return;
      case 'media': {
        const lookup = await host
          .media(message.request)
          .catch((): MediaLookup => ({ ok: false, refusal: 'file-gone' }));
        post({ type: 'media', seq: message.seq, lookup });
        return;
      }
      case 'shutdown':
        await host.close();
        stopped();
        return;
    }
  };

  // Listen first, so nothing main sends while the engine opens is lost.
  port.on('message', ({ data }) => {
    if (!isToEngine(data)) return;
    handle(data).catch((error: unknown) => {
      // Only a failed open gets here (dispatch never throws); the engine open is reported below.
      if ('seq' in data)
        post({ type: 'reply', seq: data.seq, result: { ok: false, error: toApiError(error) } });
    });
  });
  opening.then(
    () => post({ type: 'ready' }),
    (error: unknown) => {
      post({ type: 'fatal', message: toApiError(error).message });
      exit(1);
    },
  );
  return done;
}
