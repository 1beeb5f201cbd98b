/**
 * Live re-ranking: when the person skips a track of a recommended queue, the rest of the queue
 * is re-ranked by the engine (which folds the skip into the session's taste) and replaced in the
 * player, and how far each track moved is kept for Up next to show for a while.
 */
import { useEffect } from 'react';
import type { Api } from '../../../../../shared/api-client';
import type { TrackRow } from '../../../../../shared/api-types';
import type { Player, PlayerState } from '../../player/player';
import { isSkip, notesOf, rowOf } from '../queue-actions';
import type { QueueNotes } from '../queue-notes';

/** How long the moves of a re-ranking stay visible. */
export const SHOW_MOVES_MS = 8000;

const idsOf = (rows: readonly TrackRow[]): string => rows.map((r) => r.id).join(',');

/** The track skipped in the change from `before` to `after`, if that change was a skip. */
export function skippedTrack(before: PlayerState, after: PlayerState): TrackRow | null {
  const left = before.queue[before.index];
  const arrived = after.queue[after.index];
  if (left === undefined || arrived === undefined || after.index !== before.index + 1) return null;
  if (arrived.id !== before.queue[before.index + 1]?.id) return null;
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
      const skipped = skippedTrack(before, after);
      if (skipped === null || !notes.getState().adaptive) return;
      const upcoming = after.queue.slice(after.index + 1);
      if (upcoming.length < 2) return;
      const round = ++generation;
      const seeds = notes.getState().seeds ?? undefined;
      api.recommend
        .rerankQueue({ queue: upcoming.map((r) => r.id), skipped: skipped.id, seeds })
        .then((result) => {
          const now = player.getState();
          // A newer skip, or a queue changed meanwhile by hand, wins over this answer.
          if (round !== generation || idsOf(now.queue.slice(now.index + 1)) !== idsOf(upcoming))
            return;
          const byId = new Map(upcoming.map((row, i) => [row.id, { row, at: i }]));
          player.setUpcoming(result.entries.map((e) => byId.get(e.id)?.row ?? rowOf(e)));
          const moves = new Map(
            result.entries.map((e, i) => [e.id, (byId.get(e.id)?.at ?? i) - i] as const),
          );
          const dropped = result.dropped.map((id) => byId.get(id)?.row.title ?? id);
          notes.reranked(skipped.title, notesOf(result.entries), moves, dropped);
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
