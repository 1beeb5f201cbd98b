/**
 * Live re-ranking: when the person skips a track of a recommended queue, the rest of the queue
 * is re-ranked by the engine (which folds the skip into the session's taste) and replaced in the
 * player, and how far each track moved is kept for Up next to show for a while.
 */
import { useEffect } from 'react';
import type { Api } from '../../../../../shared/api-client';
import type { Player, PlayerState } from '../../player/player';
import { entryOf, type QueueEntry } from '../../player/queue-model';
import { isSkip, notesOf } from '../queue-actions';
import type { QueueNotes } from '../queue-notes';

/** How long the moves of a re-ranking stay visible. */
export const SHOW_MOVES_MS = 8000;

const keysOf = (entries: readonly QueueEntry[]): string => entries.map((e) => e.key).join(',');

/** The entry skipped in the change from `before` to `after`, if that change was a skip. */
export function skippedEntry(before: PlayerState, after: PlayerState): QueueEntry | null {
  const left = before.queue[before.index];
  const arrived = after.queue[after.index];
  if (left === undefined || arrived === undefined || after.index !== before.index + 1) return null;
  if (arrived.key !== before.queue[before.index + 1]?.key) return null;
  return isSkip(before.position, before.duration) ? left : null;
}

/** Re-ranks the queue after every skip while mounted. */
export function useSkipRerank(api: Api, player: Player, notes: QueueNotes): void {
  useEffect(() => {
    let previous = player.getState();
    let generation = 0;
    let fade: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = player.subscribe(() => {
      const before = previous;
      const after = player.getState();
      previous = after;
      const skipped = skippedEntry(before, after);
      if (skipped === null || !notes.getState().adaptive) return;
      const upcoming = after.queue.slice(after.index + 1);
      if (upcoming.length < 2) return;
      const round = ++generation;
      const seeds = notes.getState().seeds ?? undefined;
      api.recommend
        .rerankQueue({ queue: upcoming.map((e) => e.track.id), skipped: skipped.track.id, seeds })
        .then((result) => {
          const now = player.getState();
          // A newer skip, or a queue changed meanwhile by hand, wins over this answer.
          if (round !== generation || keysOf(now.queue.slice(now.index + 1)) !== keysOf(upcoming))
            return;
          const byId = new Map(upcoming.map((entry, at) => [entry.track.id, { entry, at }]));
          player.setUpcoming(
            result.entries.map((row) => byId.get(row.id)?.entry ?? entryOf(row, skipped.source)),
          );
          const moves = new Map(
            result.entries.map((e, i) => [e.id, (byId.get(e.id)?.at ?? i) - i] as const),
          );
          const dropped = result.dropped.map((id) => byId.get(id)?.entry.track.title ?? id);
          notes.reranked(skipped.track.title, notesOf(result.entries), moves, dropped);
          clearTimeout(fade);
          fade = setTimeout(() => notes.settle(), SHOW_MOVES_MS);
        })
        .catch(() => {
          // The queue stays as it was: a re-ranking is an improvement, never a requirement.
        });
    });
    return () => {
      unsubscribe();
      clearTimeout(fade);
    };
  }, [api, player, notes]);
}
