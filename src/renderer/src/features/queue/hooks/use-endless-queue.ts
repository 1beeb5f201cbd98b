/**
 * Endless play: a radio, mix or path never runs dry. When fewer than {@link LOW_WATER} tracks
 * are left after the one playing, the engine is asked for the next ones from the queue's origin
 * and every track queued so far (none comes again; the artist limits count from the end), and
 * they are added at the end with their reasons. "Stop after this track" ends it; a queue the
 * person replaces (an album, a playlist) has no origin and ends when it ends.
 */
import { useEffect } from 'react';
import type { Api } from '../../../../../shared/api-client';
import type { Player } from '../../player/player';
import { notesOf } from '../queue-actions';
import type { QueueNotes } from '../queue-notes';

/** Tracks left after the current one below which the queue asks for more. */
export const LOW_WATER = 5;
/** Tracks asked for each time. */
export const EXTEND_BY = 10;

export function useEndlessQueue(api: Api, player: Player, notes: QueueNotes): void {
  useEffect(() => {
    let asking = false;
    /** The origin whose recommendations ran out (nothing new came back): not asked again. */
    let exhausted: unknown = null;
    const check = (): void => {
      const { origin } = notes.getState();
      const state = player.getState();
      if (origin === null || asking || exhausted === origin || state.stopAfterCurrent) return;
      if (state.index < 0 || state.queue.length - state.index - 1 >= LOW_WATER) return;
      const queued = state.queue.map((entry) => entry.track.id);
      const source = state.queue[state.index]?.source;
      if (source === undefined) return;
      asking = true;
      api.recommend
        .continueQueue({ origin, queued, count: EXTEND_BY })
        .then((rows) => {
          // A queue replaced meanwhile has another origin: these tracks are not its.
          if (notes.getState().origin !== origin) return;
          const known = new Set(player.getState().queue.map((entry) => entry.track.id));
          const fresh = rows.filter((row) => !known.has(row.id));
          if (fresh.length === 0) {
            exhausted = origin;
            return;
          }
          notes.add(notesOf(fresh));
          player.addToQueue(fresh, source);
        })
        .catch(() => {
          // The queue plays on as it is; the next change of track asks again.
        })
        .finally(() => {
          asking = false;
        });
    };
    const unsubscribePlayer = player.subscribe(check);
    const unsubscribeNotes = notes.subscribe(check);
    return () => {
      unsubscribePlayer();
      unsubscribeNotes();
    };
  }, [api, player, notes]);
}
