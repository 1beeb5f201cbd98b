/** Navigation between the screens, the track details panel and short status messages. */
import { createContext, useContext } from 'react';
import type { RecommendedRow } from '../../../../../shared/api-contract-ui';

/** The screens of the app, in the order of the navigation. */
export const SCREENS = ['library', 'queue', 'playlists', 'discover', 'settings'] as const;
export type ScreenName = (typeof SCREENS)[number];

/** Names of the screens as the navigation shows them. */
export const SCREEN_LABELS: Readonly<Record<ScreenName, string>> = {
  library: 'Library',
  queue: 'Up next',
  playlists: 'Playlists',
  discover: 'Discover',
  settings: 'Settings',
};

/** A list the recommender made that is not saved yet (a radio, a path, a selection on the map). */
export type GeneratedList = Readonly<{
  title: string;
  kind: 'radio' | 'path' | 'manual';
  tracks: readonly RecommendedRow[];
}>;

/** What every screen can ask of the app around it. */
export type Ui = Readonly<{
  screen: ScreenName;
  go: (screen: ScreenName) => void;
  /** Opens the details panel of a track. */
  showTrack: (id: string) => void;
  /** A short message in the status line, read out by screen readers. */
  notify: (message: string) => void;
  /** Lists made in this session but not saved, newest first (shown on the playlists screen). */
  generated: readonly GeneratedList[];
  addGenerated: (list: GeneratedList) => void;
  /** Bumped whenever the library changed, so lists read it again. */
  revision: number;
}>;

export const UiContext = createContext<Ui | null>(null);

/** The app around the screens. */
export function useUi(): Ui {
  const ui = useContext(UiContext);
  if (ui === null) throw new Error('useUi needs a <UiContext.Provider>');
  return ui;
}
