/**
 * Named methods generated from the channel list, for both ends of a transport: the preload's
 * bridge (methods that resolve to reply envelopes, since an Error loses its fields crossing
 * Electron's context bridge) and the renderer's {@link Api} (methods that resolve to the value or
 * throw an {@link ApiCallError}). Pure TypeScript.
 */
import {
  CHANNELS,
  type ApiError,
  type ApiErrorCode,
  type ApiEventName,
  type ApiEvents,
  type ApiResult,
  type ArgOf,
  type Channel,
  type ResultOf,
} from './api-contract';
import type { ArtworkSize } from './api-contract-media';

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** The area of a channel: `library` for `library:list-tracks`. */
export type AreaOf<C extends string> = C extends `${infer Area}:${string}` ? Area : never;
/** Every area of the contract. */
export type Area = AreaOf<Channel>;
/** The method name of a channel within its area: `listTracks` for `library:list-tracks`. */
export type MethodOf<C extends string> = C extends `${string}:${infer Verb}`
  ? CamelCase<Verb>
  : never;

/** The methods of every area; `Wrapped` methods resolve to envelopes, the others to values. */
export type ApiMethods<Wrapped extends boolean> = {
  readonly [A in Area]: {
    readonly [C in Channel as AreaOf<C> extends A ? MethodOf<C> : never]: (
      arg: ArgOf<C>,
    ) => Promise<Wrapped extends true ? ApiResult<ResultOf<C>> : ResultOf<C>>;
  };
};

/** Subscribes to a pushed event; returns the function that unsubscribes. */
export type Subscribe = <E extends ApiEventName>(
  event: E,
  listener: (payload: ApiEvents[E]) => void,
) => () => void;

/** What the renderer calls: one method per channel, events, and where a track's audio is. */
export type Api = ApiMethods<false> &
  Readonly<{
    on: Subscribe;
    /** The URL the player loads a track's audio from; the renderer never names a file path. */
    mediaUrl: (trackId: string) => string;
    /** The URL of a track's artwork thumbnail, `size` pixels a side (64, 256 or 512). */
    artworkUrl: (trackId: string, size: ArtworkSize) => string;
  }>;

/** Sends one call and resolves to its reply envelope; never rejects for an API error. */
export type CallChannel = (channel: Channel, arg: unknown) => Promise<ApiResult<unknown>>;

/** A failed call, as the renderer's {@link Api} throws it. */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  readonly code: ApiErrorCode;

  constructor(error: ApiError) {
    super(error.message);
    this.code = error.code;
  }
}

/** `listTracks` for `library:list-tracks`. */
export function methodNameOf(channel: Channel): string {
  const verb = channel.slice(channel.indexOf(':') + 1);
  return verb.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** `library` for `library:list-tracks`. */
export function areaOf(channel: Channel): Area {
  return channel.slice(0, channel.indexOf(':')) as Area;
}

function buildMethods(
  call: (channel: Channel, arg: unknown) => Promise<unknown>,
): Record<string, Record<string, (arg: unknown) => Promise<unknown>>> {
  const areas: Record<string, Record<string, (arg: unknown) => Promise<unknown>>> = {};
  for (const channel of CHANNELS) {
    const area = (areas[areaOf(channel)] ??= {});
    area[methodNameOf(channel)] = (arg: unknown) => call(channel, arg);
  }
  return areas;
}

/** The bridge's methods: each sends its channel and resolves to the reply envelope. */
export function envelopeMethods(call: CallChannel): ApiMethods<true> {
  return buildMethods(call) as unknown as ApiMethods<true>;
}

/** The renderer's methods: each sends its channel, resolves to the value or throws ApiCallError. */
export function valueMethods(call: CallChannel): ApiMethods<false> {
  return buildMethods(async (channel, arg) => {
    const reply = await call(channel, arg);
    if (!reply.ok) throw new ApiCallError(reply.error);
    return reply.value;
  }) as unknown as ApiMethods<false>;
}

/**
 * Calls a channel through a set of generated methods, by the channel's name: the inverse of the
 * generation, for a transport that wraps the preload's bridge.
 */
export function callByName(
  methods: ApiMethods<boolean>,
  channel: Channel,
  arg: unknown,
): Promise<unknown> {
  const areas = methods as unknown as Record<
    string,
    Record<string, (a: unknown) => Promise<unknown>>
  >;
  const method = areas[areaOf(channel)]?.[methodNameOf(channel)];
  if (method === undefined) return Promise.reject(new Error(`no method for ${channel}`));
  return method(arg);
}
