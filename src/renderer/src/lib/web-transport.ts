/**
 * The renderer's API in the web mode (`deepcut serve`): calls are `POST /api/<channel>` with the
 * argument as JSON, events arrive over one Server-Sent Events stream, audio is `/media/<id>`. The
 * token rides in the HttpOnly cookie the server set, so this code never sees it.
 */
import { valueMethods, type Api } from '../../../shared/api-client';
import {
  EVENTS,
  type ApiEventName,
  type ApiEvents,
  type ApiResult,
  type Channel,
} from '../../../shared/api-contract';

type Listener = (payload: never) => void;

async function post(channel: Channel, arg: unknown): Promise<ApiResult<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(arg),
      credentials: 'same-origin',
      // A playback event sent as the page closes must still arrive.
      keepalive: channel === 'events:record',
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: { code: 'engine-unavailable', message: `no answer from Deepcut: ${message}` },
    };
  }
  if (!response.ok) {
    const message = (await response.text()).trim() || response.statusText;
    return {
      ok: false,
      error: { code: 'internal', message: `HTTP ${response.status}: ${message}` },
    };
  }
  return (await response.json()) as ApiResult<unknown>;
}

/** One EventSource for the page, opened with the first subscription. */
function eventHub(): Api['on'] {
  const listeners = new Map<ApiEventName, Set<Listener>>();
  let source: EventSource | null = null;
  const open = (): void => {
    source = new EventSource('/api/events');
    for (const name of EVENTS) {
      source.addEventListener(name, (message) => {
        const payload = JSON.parse((message as MessageEvent<string>).data) as never;
        for (const listener of listeners.get(name) ?? []) listener(payload);
      });
    }
  };
  return <E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void) => {
    if (source === null) open();
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener as Listener);
    return () => void set.delete(listener as Listener);
  };
}

/** The API over HTTP to the server that served this page. */
export function webApi(): Api {
  return {
    ...valueMethods(post),
    on: eventHub(),
    mediaUrl: (trackId) => `/media/${encodeURIComponent(trackId)}`,
    artworkUrl: (trackId, size) => `/artwork/${encodeURIComponent(trackId)}?size=${size}`,
  };
}
