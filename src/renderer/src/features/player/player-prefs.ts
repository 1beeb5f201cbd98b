/**
 * The player's own settings that belong to this browser or window rather than to the library:
 * volume and mute (a person turns them while listening, and another machine's speakers want
 * another level) and the output device (its id means nothing elsewhere). Kept in localStorage;
 * anything unreadable reads as the defaults.
 */

export type PlayerPrefs = Readonly<{ volume: number; muted: boolean; deviceId: string }>;

export const DEFAULT_PREFS: PlayerPrefs = { volume: 0.8, muted: false, deviceId: '' };

const KEY = 'deepcut.player';

/** Where the prefs live; localStorage in the app, a map in tests. */
export type PrefsStorage = Pick<Storage, 'getItem' | 'setItem'>;

function storage(): PrefsStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // A browser that refuses storage (privacy mode) still plays, at the default volume.
    return null;
  }
}

export function readPrefs(store: PrefsStorage | null = storage()): PlayerPrefs {
  try {
    const value = JSON.parse(store?.getItem(KEY) ?? 'null') as Partial<PlayerPrefs> | null;
    return {
      volume:
        typeof value?.volume === 'number' && value.volume >= 0 && value.volume <= 1
          ? value.volume
          : DEFAULT_PREFS.volume,
      muted: typeof value?.muted === 'boolean' ? value.muted : DEFAULT_PREFS.muted,
      deviceId: typeof value?.deviceId === 'string' ? value.deviceId : DEFAULT_PREFS.deviceId,
    };
  } catch {
    return DEFAULT_PREFS;
  }
}

export function writePrefs(prefs: PlayerPrefs, store: PrefsStorage | null = storage()): void {
  try {
    store?.setItem(KEY, JSON.stringify(prefs));
  } catch {
    // Full or refused storage: the setting holds for this session only.
  }
}
