/**
 * An engine host whose pushed events are recorded, for tests that drive the host as a renderer
 * would: calls go through its dispatcher (validation included) and fail loudly on an error reply.
 */
import type {
  ApiEventName,
  ApiEvents,
  ArgOf,
  Channel,
  ResultOf,
} from '../../src/shared/api-contract';
import type { Engine } from '../../src/main/engine/engine';
import {
  createEngineHost,
  type EngineHost,
  type EngineHostOptions,
} from '../../src/main/engine-host/engine-host';
import type { Pushed } from '../unit/api-fixtures';

export type RecordingHost = Readonly<{
  host: EngineHost;
  /** Every event pushed so far, oldest first. */
  pushed: Pushed[];
  call: <C extends Channel>(channel: C, arg: ArgOf<C>) => Promise<ResultOf<C>>;
  /** The payloads of one event, oldest first. */
  payloads: <E extends ApiEventName>(event: E) => ApiEvents[E][];
}>;

/** A web-mode host over `engine`; `onPush` sees each event as it is pushed. */
export function recordingHost(
  engine: Engine,
  options: Omit<EngineHostOptions, 'mode' | 'version' | 'emit'>,
  onPush?: (pushed: Pushed, h: RecordingHost) => void,
): RecordingHost {
  const pushed: Pushed[] = [];
  const h: RecordingHost = {
    host: createEngineHost(engine, {
      ...options,
      mode: 'web',
      version: 'test',
      emit: (event, payload) => {
        const p = { event, payload } as Pushed;
        pushed.push(p);
        onPush?.(p, h);
      },
    }),
    pushed,
    call: async (channel, arg) => {
      const reply = await h.host.dispatch(channel, arg);
      if (!reply.ok) throw new Error(`${channel}: ${reply.error.code}: ${reply.error.message}`);
      return reply.value as ResultOf<typeof channel>;
    },
    payloads: (event) =>
      pushed.flatMap((p) => (p.event === event ? [p.payload as ApiEvents[typeof event]] : [])),
  };
  return h;
}
