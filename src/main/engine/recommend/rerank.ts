/**
 * Live re-ranking after a skip: the rest of the queue is scored again with the session's taste
 * refolded with the skip (the caller passes it) and with the skipped track among the session's
 * skips, so its close audio neighbours move down even without a collaborative model; the queue
 * is then reassembled under the rules.
 */
import type { SnapshotTrack } from './library-snapshot';
import { assemble, type PlaylistRules } from './playlist-rules';
import { nearestReference } from './radio';
import { scoreCandidates, type Scored, type ScoringContext } from './scoring';

/** The queue after the skip, and tracks the rules no longer place. */
export type Reranked = Readonly<{ entries: Scored[]; dropped: SnapshotTrack[] }>;

/**
 * Re-ranks `queue`. With `references` (the radio's seeds) the audio side is the similarity to
 * them; without, it is the queue's own order, so only the taste and the penalties move tracks.
 */
export function rerankQueue(
  scoring: ScoringContext,
  queue: readonly SnapshotTrack[],
  references: readonly SnapshotTrack[],
  rules: Omit<PlaylistRules, 'count' | 'durationSec'>,
): Reranked {
  const order = new Map(queue.map((t, i) => [t.track.id, i]));
  const ranked = scoreCandidates(scoring, queue, (t) =>
    references.length > 0
      ? nearestReference(t, references)
      : { similarity: 1 - (order.get(t.track.id) ?? 0) / queue.length, soundsLike: null },
  );
  const entries = assemble(ranked, { ...rules, count: queue.length });
  const kept = new Set(entries.map((e) => e.id));
  return { entries, dropped: queue.filter((t) => !kept.has(t.track.id)) };
}
