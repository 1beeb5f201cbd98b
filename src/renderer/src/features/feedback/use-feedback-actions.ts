/**
 * Love and "Don't play this" as the screens offer them. A ban takes effect at once: the track
 * (or every queued track of the artist or album) leaves Up next, and the current one is skipped
 * when it is among them. The queue is checked against the feedback as it changes, so a shuffle
 * leaves out what must not play.
 */
import { useCallback, useEffect } from 'react';
import type { TrackRow } from '../../../../shared/api-types';
import type { FeedbackTarget } from '../../../../shared/feedback';
import { messageOf } from '../common/errors';
import type { Player } from '../player/player';
import { usePlayer } from '../player/use-player';
import { useNotify } from '../screens/hooks/use-notify';
import { useFeedback, type FeedbackStore } from './feedback-store';

/** What a ban is about, as the status line says it. */
function described(target: FeedbackTarget, track: TrackRow): string {
  switch (target.kind) {
    case 'track':
      return `“${track.title}”`;
    case 'artist':
      return `anything by ${target.name}`;
    case 'album':
      return `the album “${target.name}”`;
  }
}

export type FeedbackActions = Readonly<{
  loved: (id: string) => boolean;
  toggleLove: (track: TrackRow) => void;
  dontPlay: (target: FeedbackTarget, track: TrackRow) => void;
}>;

/** Takes the tracks that must not play out of the queue; skips the current one if it is one. */
export function dropExcluded(player: Player, excluded: ReadonlySet<string>): number {
  const { queue, index } = player.getState();
  const upcoming = queue.slice(index + 1);
  const kept = upcoming.filter((e) => !excluded.has(e.track.id));
  if (kept.length !== upcoming.length) player.setUpcoming(kept);
  const current = player.current();
  const skip = current !== null && excluded.has(current.track.id);
  if (skip) player.next();
  return upcoming.length - kept.length + (skip ? 1 : 0);
}

export function useFeedbackActions(): FeedbackActions {
  const [store, view] = useFeedback();
  const [player] = usePlayer();
  const notify = useNotify();

  const toggleLove = useCallback(
    (track: TrackRow) => {
      const value = view.loved.has(track.id) ? 'none' : 'love';
      store
        .change({ kind: 'track', id: track.id }, value)
        .then(() =>
          notify(
            value === 'love'
              ? `Loved “${track.title}”: radios will lean toward it.`
              : `“${track.title}” is no longer loved.`,
          ),
        )
        .catch((error: unknown) => notify(`Not saved: ${messageOf(error)}`));
    },
    [store, view, notify],
  );

  const dontPlay = useCallback(
    (target: FeedbackTarget, track: TrackRow) => {
      const queued = player.getState().queue.map((e) => e.track.id);
      store
        .change(target, 'ban', queued)
        .then((excluded) => {
          const removed = dropExcluded(player, new Set(excluded));
          const what = described(target, track);
          notify(
            `You won’t hear ${what} again${removed > 0 ? ` (${removed} left the queue)` : ''}; undo it in Settings.`,
          );
        })
        .catch((error: unknown) => notify(`Not saved: ${messageOf(error)}`));
    },
    [store, player, notify],
  );

  return { loved: (id) => view.loved.has(id), toggleLove, dontPlay };
}

/** Keeps the store informed of the queue's tracks and the player's shuffle aware of bans. */
export function useQueueFeedback(player: Player, store: FeedbackStore): void {
  useEffect(() => {
    player.setExcluded((track) => store.isExcluded(track.id));
    const check = (): void => {
      void store.check(player.getState().queue.map((e) => e.track.id)).catch(() => undefined);
    };
    check();
    return player.subscribe(check);
  }, [player, store]);
}
