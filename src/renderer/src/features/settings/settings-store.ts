/**
 * The app's settings as the page holds them: read once, changed through the engine (which keeps
 * them in `<data>/settings.json`), and applied where they act: the player's crossfade and
 * levelling, the page's theme.
 */
import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import type { Api } from '../../../../shared/api-client';
import type { AppSettings } from '../../../../shared/api-contract-ui';
import type { Player } from '../player/player';

export class SettingsStore {
  private settings: AppSettings | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: Api) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** The settings, or null until read. */
  readonly get = (): AppSettings | null => this.settings;

  async load(): Promise<AppSettings> {
    return this.set(await this.api.settings.getSettings({}));
  }

  /** Saves a change; the settings as the engine saved them come back. */
  async update(change: Partial<AppSettings>): Promise<AppSettings> {
    return this.set(await this.api.settings.updateSettings(change));
  }

  private set(settings: AppSettings): AppSettings {
    this.settings = settings;
    for (const listener of this.listeners) listener();
    return settings;
  }
}

export const SettingsContext = createContext<SettingsStore | null>(null);

/** The settings store and the settings (null until read). */
export function useSettings(): [SettingsStore, AppSettings | null] {
  const store = useContext(SettingsContext);
  if (store === null) throw new Error('useSettings needs a <SettingsContext.Provider>');
  return [store, useSyncExternalStore(store.subscribe, store.get)];
}

/** Reads the settings and applies them to the player and the page whenever they change. */
export function useAppliedSettings(store: SettingsStore, player: Player): void {
  useEffect(() => {
    const apply = (): void => {
      const settings = store.get();
      if (settings === null) return;
      player.setPlayback({
        crossfadeSec: settings.crossfadeSec,
        normalisation: settings.normalisation,
      });
      // styles.css follows the system unless the root names a theme.
      const root = document.documentElement;
      if (settings.theme === 'system') delete root.dataset.theme;
      else root.dataset.theme = settings.theme;
    };
    const unsubscribe = store.subscribe(apply);
    store.load().catch(() => undefined);
    return unsubscribe;
  }, [store, player]);
}
