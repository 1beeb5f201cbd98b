/**
 * The one place a call is answered, whatever carried it (Electron's engine process or the web
 * server): the argument is validated, the handler runs, and whatever happens the caller gets an
 * envelope, never an exception or a stack.
 */
import type { ApiResult, ArgOf, Channel, ResultOf } from '../../shared/api-contract';
import { ApiFailure, toApiError } from './api-errors';
import { parseArg } from './validate';

/** A handler per channel; a channel without one answers `unsupported` in this host. */
export type Handlers = Partial<{
  readonly [C in Channel]: (arg: ArgOf<C>) => Promise<ResultOf<C>>;
}>;

/** Answers one call: a channel name and an argument, both untrusted. */
export type Dispatch = (channel: unknown, arg: unknown) => Promise<ApiResult<unknown>>;

/** Builds the dispatcher over a set of handlers. */
export function createDispatcher(handlers: Handlers): Dispatch {
  return async (channel, arg) => {
    const parsed = parseArg(channel, arg);
    if (!parsed.ok) return parsed;
    const name = channel as Channel;
    const handler = handlers[name] as ((a: unknown) => Promise<unknown>) | undefined;
    try {
      if (handler === undefined)
        throw new ApiFailure('unsupported', `${name} is not available here`);
      return { ok: true, value: await handler(parsed.value) };
    } catch (error) {
      return { ok: false, error: toApiError(error) };
    }
  };
}
