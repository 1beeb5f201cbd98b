/**
 * Live re-ranking after a skip. The session's taste is refolded with the skip (the caller passes
 * it) and the skipped track joins the session's skips, so its close audio neighbours move down
 * even without a collaborative model.
 *
 * A radio's queue (one with seeds) is made again as the radio's continuation would make it, of
 * the same length, from the queue's tracks and the seeds' and the session's neighbourhoods: the
 * tracks played through in this session pull, the skipped ones push, and a queued track that now
 * ranks below a fresh one makes way for it. Nothing heard in the session comes back, and the
 * seed adherence and the share of new tracks hold, so one skip reorders and refreshes the radio
 * but never replaces it with the history. A queue without seeds (the person's own) is only
 * reordered, its own order standing for the sound.
 */
import type { SnapshotTrack } from './library-snapshot';
import { assemble, type PlaylistRules } from './playlist-rules';
import { radio, type RadioPlan } from './radio';
import { scoreCandidates, type Scored } from './scoring';
import type { Sources } from './sources';

/** The queue after the skip, and tracks the rules (or an exclusion) no longer place. */
export type Reranked = Readonly<{ entries: Scored[]; dropped: SnapshotTrack[] }>;

/**
 * Re-ranks `queue`; `heard` is what the session played so far, in order (the skipped track
 * last), which a radio's queue neither repeats nor crowds with the same artists.
 */
export async function rerankQueue(
  sources: Sources,
  queue: readonly SnapshotTrack[],
  plan: RadioPlan,
  heard: readonly SnapshotTrack[],
): Promise<Reranked> {
  const entries =
    plan.references.length > 0
      ? await radio(
          sources,
          plan,
          { count: queue.length },
          {
            before: heard,
            followSession: true,
            keep: queue,
          },
        )
      : reorder(sources, queue, plan);
  const kept = new Set(entries.map((e) => e.id));
  return { entries, dropped: queue.filter((t) => !kept.has(t.track.id)) };
}

/** A queue without seeds, reordered by the taste and the penalties around its own order. */
function reorder(sources: Sources, queue: readonly SnapshotTrack[], plan: RadioPlan): Scored[] {
  const { scoring } = sources;
  const allowed = queue.filter((t) => !scoring.feedback.excluded(t.track));
  const order = new Map(allowed.map((t, i) => [t.track.id, i]));
  const ranked = scoreCandidates(scoring, allowed, (t) => ({
    similarity: 1 - (order.get(t.track.id) ?? 0) / allowed.length,
    sound: [],
  }));
  const rules: PlaylistRules = { seeds: plan.seeds, seedArtists: plan.seedArtists };
  return assemble(ranked, { ...rules, count: allowed.length });
}
