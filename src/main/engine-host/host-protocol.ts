/**
 * Messages between Electron's main process and the engine process (a utilityProcess). Requests
 * carry a sequence number that their reply repeats; events and readiness travel as their own
 * message types. Types only, so main imports nothing of the engine.
 */
import type { ApiEventName, ApiEvents, ApiResult } from '../../shared/api-contract';
import type { MediaLookup } from './media/media-file';
import type { MediaRequest } from './media/media-request';

/** From main to the engine process. */
export type ToEngine =
  | Readonly<{ type: 'call'; seq: number; channel: string; arg: unknown }>
  | Readonly<{ type: 'media'; seq: number; request: MediaRequest }>
  | Readonly<{ type: 'shutdown' }>;

/** From the engine process to main. */
export type FromEngine =
  | Readonly<{ type: 'ready' }>
  | Readonly<{ type: 'reply'; seq: number; result: ApiResult<unknown> }>
  | Readonly<{ type: 'media'; seq: number; lookup: MediaLookup }>
  | {
      [E in ApiEventName]: Readonly<{ type: 'event'; event: E; payload: ApiEvents[E] }>;
    }[ApiEventName]
  /** The engine could not open (a newer store, an unwritable data folder); it exits next. */
  | Readonly<{ type: 'fatal'; message: string }>;

/** The command-line switches main passes to the engine process. */
export const ENGINE_ARGS = Object.freeze({ dataDir: '--data-dir=', version: '--app-version=' });

/** The value of a `--name=value` switch, or undefined. */
export function switchValue(argv: readonly string[], prefix: string): string | undefined {
  return argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

/** The message that carries one event. */
export function eventMessage<E extends ApiEventName>(event: E, payload: ApiEvents[E]): FromEngine {
  // The union is distributed over event names; one generic E is one of its members.
  return { type: 'event', event, payload } as FromEngine;
}
