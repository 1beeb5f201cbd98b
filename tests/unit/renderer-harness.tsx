/**
 * Renders the renderer's components as the app does (API, player, queue notes, screen context
 * around them) over a typed fake API built from the contract: each channel a test names answers
 * with its handler, every other channel fails with `unsupported`, and every call is recorded.
 */
import { configure, render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { valueMethods, type Api } from '../../src/shared/api-client';
import type {
  ApiEventName,
  ApiEvents,
  ArgOf,
  Channel,
  ResultOf,
} from '../../src/shared/api-contract';
import type { TrackRow } from '../../src/shared/api-types';
import { ApiContext } from '../../src/renderer/src/lib/api';
import { Player } from '../../src/renderer/src/features/player/player';
import { PlayerContext } from '../../src/renderer/src/features/player/use-player';
import { QueueNotes, QueueNotesContext } from '../../src/renderer/src/features/queue/queue-notes';
import {
  FeedbackContext,
  FeedbackStore,
} from '../../src/renderer/src/features/feedback/feedback-store';
import { NotifyContext } from '../../src/renderer/src/features/screens/hooks/use-notify';
import {
  SettingsContext,
  SettingsStore,
} from '../../src/renderer/src/features/settings/settings-store';
import type { AppSettings } from '../../src/shared/api-contract-ui';

/** The settings of a new library, changed by `overrides`. */
export function appSettings(overrides: Partial<AppSettings> = {}): AppSettings {
  return {
    adventurous: 0.3,
    crossfadeSec: 0,
    normalisation: 'off',
    theme: 'system',
    watchFolders: true,
    ...overrides,
  };
}

/** A settings store that has read the settings, when the fake API answers for them. */
function loadedSettings(api: Api): SettingsStore {
  const store = new SettingsStore(api);
  store.load().catch(() => undefined);
  return store;
}
import {
  UiContext,
  type GeneratedList,
  type ScreenName,
  type Ui,
} from '../../src/renderer/src/features/screens/hooks/use-ui';

// Waiting is a hang detector, not a speed check: the machine is shared with other test runs.
configure({ asyncUtilTimeout: 5000 });

/** Answers for some channels, typed by the contract. */
export type FakeHandlers = Partial<{
  [C in Channel]: (arg: ArgOf<C>) => ResultOf<C> | Promise<ResultOf<C>>;
}>;

/** A fake API, its recorded calls, and a way to push events. */
export type FakeApi = Readonly<{
  api: Api;
  calls: { channel: Channel; arg: unknown }[];
  callsTo: <C extends Channel>(channel: C) => ArgOf<C>[];
  emit: <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;
}>;

export function fakeApi(handlers: FakeHandlers): FakeApi {
  const calls: { channel: Channel; arg: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const methods = valueMethods(async (channel, arg) => {
    calls.push({ channel, arg });
    const handler = handlers[channel] as ((a: unknown) => unknown) | undefined;
    if (handler === undefined) {
      return { ok: false, error: { code: 'unsupported', message: `${channel} is not faked` } };
    }
    try {
      return { ok: true, value: await handler(arg) };
    } catch (error) {
      return { ok: false, error: { code: 'bad-request', message: (error as Error).message } };
    }
  });
  const api: Api = {
    ...methods,
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => void set.delete(listener as (payload: never) => void);
    },
    mediaUrl: (id) => `/media/${id}`,
    artworkUrl: (id, size) => `/artwork/${id}?size=${size}`,
  };
  return {
    api,
    calls,
    callsTo: <C extends Channel>(channel: C) =>
      calls.filter((c) => c.channel === channel).map((c) => c.arg as ArgOf<C>),
    emit: (event, payload) => {
      for (const listener of listeners.get(event) ?? [])
        (listener as (p: typeof payload) => void)(payload);
    },
  };
}

/** An audio element that "plays" without a media pipeline (jsdom has none). */
export function silentAudio(): HTMLAudioElement {
  const audio = document.createElement('audio');
  audio.play = () => Promise.resolve();
  audio.pause = () => undefined;
  audio.load = () => undefined;
  return audio;
}

/** What a rendered screen's surroundings recorded. */
export type Harness = RenderResult &
  Readonly<{
    player: Player;
    notes: QueueNotes;
    feedback: FeedbackStore;
    notices: string[];
    shown: string[];
    screens: ScreenName[];
    generated: GeneratedList[];
  }>;

/** Renders `element` inside the app's providers. */
export function renderScreen(
  element: ReactElement,
  api: Api,
  options: Readonly<{ player?: Player; notes?: QueueNotes; generated?: GeneratedList[] }> = {},
): Harness {
  const player = options.player ?? new Player(api, silentAudio);
  const notes = options.notes ?? new QueueNotes();
  const feedback = new FeedbackStore(api);
  const notices: string[] = [];
  const shown: string[] = [];
  const screens: ScreenName[] = [];
  const generated = options.generated ?? [];
  const notify = (message: string): void => void notices.push(message);
  const ui: Ui = {
    screen: 'library',
    go: (screen) => screens.push(screen),
    showTrack: (id) => shown.push(id),
    notify,
    generated,
    addGenerated: (list) => generated.unshift(list),
    revision: 0,
  };
  const result = render(
    <ApiContext.Provider value={api}>
      <PlayerContext.Provider value={player}>
        <FeedbackContext.Provider value={feedback}>
          <SettingsContext.Provider value={loadedSettings(api)}>
            <NotifyContext.Provider value={notify}>
              <QueueNotesContext.Provider value={notes}>
                <UiContext.Provider value={ui}>{element}</UiContext.Provider>
              </QueueNotesContext.Provider>
            </NotifyContext.Provider>
          </SettingsContext.Provider>
        </FeedbackContext.Provider>
      </PlayerContext.Provider>
    </ApiContext.Provider>,
  );
  return { ...result, player, notes, feedback, notices, shown, screens, generated };
}

/** A library row with tags derived from its number. */
export function row(n: number, tags: Partial<TrackRow> = {}): TrackRow {
  return {
    id: n.toString(16).padStart(16, '0'),
    title: `Track ${n}`,
    artist: `Artist ${n % 7}`,
    album: `Album ${Math.floor(n / 10)}`,
    albumArtist: null,
    trackNo: (n % 10) + 1,
    discNo: null,
    year: 1990 + (n % 30),
    genre: n % 2 === 0 ? 'Jazz' : 'Techno',
    durationSec: 180 + (n % 60),
    status: 'analysed',
    artwork: false,
    loudness: null,
    inferred: [],
    ...tags,
  };
}

/**
 * Renders `element` inside the providers the app's root gives every part of the page (API,
 * player, feedback, the status line), for screens that bring their own screen context.
 */
export function renderInApp(
  element: ReactElement,
  api: Api,
  player: Player,
): RenderResult & Readonly<{ notices: string[] }> {
  const notices: string[] = [];
  const result = render(
    <ApiContext.Provider value={api}>
      <PlayerContext.Provider value={player}>
        <FeedbackContext.Provider value={new FeedbackStore(api)}>
          <SettingsContext.Provider value={loadedSettings(api)}>
            <NotifyContext.Provider value={(message) => void notices.push(message)}>
              {element}
            </NotifyContext.Provider>
          </SettingsContext.Provider>
        </FeedbackContext.Provider>
      </PlayerContext.Provider>
    </ApiContext.Provider>,
  );
  return { ...result, notices };
}
