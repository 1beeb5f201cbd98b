/**
 * What the renderer knows of the person's feedback: the loved tracks and the tracks that must not
 * play (banned themselves, or by their artist or album). The engine decides: a change is sent
 * with `feedback:set`, and which tracks a ban reaches is asked with `feedback:check-tracks`, so
 * the renderer never repeats the engine's matching of artist and album names.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Api } from '../../../../shared/api-client';
import { MAX_CHECKED_TRACKS } from '../../../../shared/api-contract-player';
import type { FeedbackTarget, FeedbackValue } from '../../../../shared/feedback';

export type FeedbackView = Readonly<{
  loved: ReadonlySet<string>;
  /** Tracks checked and found banned, by themselves or by their artist or album. */
  excluded: ReadonlySet<string>;
}>;

export class FeedbackStore {
  private view: FeedbackView = { loved: new Set(), excluded: new Set() };
  private readonly checked = new Set<string>();
  private readonly pending = new Set<string>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: Api) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  readonly getView = (): FeedbackView => this.view;

  /** Whether the track must not play, as far as checked. */
  readonly isExcluded = (id: string): boolean => this.view.excluded.has(id);

  /** Learns the feedback of tracks not checked yet (all of them with `again`). */
  async check(ids: readonly string[], again = false): Promise<void> {
    const wanted = [...new Set(ids)].filter(
      (id) => again || !(this.checked.has(id) || this.pending.has(id)),
    );
    for (let i = 0; i < wanted.length; i += MAX_CHECKED_TRACKS) {
      const batch = wanted.slice(i, i + MAX_CHECKED_TRACKS);
      for (const id of batch) this.pending.add(id);
      let result: Readonly<{ loved: string[]; excluded: string[] }>;
      try {
        result = await this.api.feedback.checkTracks({ ids: batch });
      } finally {
        for (const id of batch) this.pending.delete(id);
      }
      const loved = new Set(this.view.loved);
      const excluded = new Set(this.view.excluded);
      for (const id of batch) {
        this.checked.add(id);
        loved.delete(id);
        excluded.delete(id);
      }
      for (const id of result.loved) loved.add(id);
      for (const id of result.excluded) excluded.add(id);
      this.set({ loved, excluded });
    }
  }

  /**
   * Sends a change; then checks `around` again (a ban of an artist or album reaches tracks by
   * their tags) and returns those of them that must not play now.
   */
  async change(
    target: FeedbackTarget,
    value: FeedbackValue,
    around: readonly string[] = [],
  ): Promise<string[]> {
    await this.api.feedback.set({ target, value });
    const ids = target.kind === 'track' ? [...new Set([target.id, ...around])] : around;
    await this.check(ids, true);
    return ids.filter((id) => this.view.excluded.has(id));
  }

  private set(view: FeedbackView): void {
    this.view = view;
    for (const listener of this.listeners) listener();
  }
}

/** The store the app's root provides. */
export const FeedbackContext = createContext<FeedbackStore | null>(null);

/** The feedback store and its view, re-rendering on change. */
export function useFeedback(): [FeedbackStore, FeedbackView] {
  const store = useContext(FeedbackContext);
  if (store === null) throw new Error('useFeedback needs a <FeedbackContext.Provider>');
  return [store, useSyncExternalStore(store.subscribe, store.getView)];
}
