/**
 * Messages between the engine process and its parent: Electron's main process (the engine is a
 * utilityProcess) or `deepcut serve` (a Node child process). Requests
 * carry a sequence number that their reply repeats; events and readiness travel as their own
 * message types. Types only, so main imports nothing of the engine.
 */
import type { ApiEventName, ApiEvents, ApiResult } from '../../shared/api-contract';
import type { MediaLookup } from './media/media-file';
import type { MediaRequest } from './media/media-request';

/** From the parent to the engine process. */
export type ToEngine =
  | Readonly<{ type: 'call'; seq: number; channel: string; arg: unknown }>
  | Readonly<{ type: 'media'; seq: number; request: MediaRequest }>
  | Readonly<{ type: 'shutdown' }>;

/** From the engine process to the parent. */
export type FromEngine =
  | Readonly<{ type: 'ready' }>
  | Readonly<{ type: 'reply'; seq: number; result: ApiResult<unknown> }>
  | Readonly<{ type: 'media'; seq: number; lookup: MediaLookup }>
  | {
      [E in ApiEventName]: Readonly<{ type: 'event'; event: E; payload: ApiEvents[E] }>;
    }[ApiEventName]
  /** The engine could not open (a newer store, an unwritable data folder); it exits next. */
  | Readonly<{ type: 'fatal'; message: string }>;

/** The command-line switches the parent passes to the engine process. */
export const ENGINE_ARGS = Object.freeze({
  dataDir: '--data-dir=',
  version: '--app-version=',
  /** An ffmpeg binary to use (`deepcut serve --ffmpeg`); absent: FFMPEG_PATH or the bundled one. */
  ffmpegPath: '--ffmpeg-path=',
});

/** The value of a `--name=value` switch, or undefined. */
export function switchValue(argv: readonly string[], prefix: string): string | undefined {
  return argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

/** The message that carries one event. */
export function eventMessage<E extends ApiEventName>(event: E, payload: ApiEvents[E]): FromEngine {
  // The union is distributed over event names; one generic E is one of its members.
  return { type: 'event', event, payload } as FromEngine;
}
