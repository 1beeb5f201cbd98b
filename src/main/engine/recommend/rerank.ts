/**
 * Live re-ranking after a skip: the rest of the queue is scored again with the session's taste
 * refolded with the skip (the caller passes it), with the skipped track among the session's
 * skips, so its close audio neighbours move down even without a collaborative model, and with
 * the tracks played through in this session pulling like a radio's continuation does. The queue
 * is then reassembled under the rules and, for a radio, its seed adherence and share of new
 * tracks: one skip reorders what is queued but never replaces it with the history.
 */
import type { SnapshotTrack } from './library-snapshot';
import { nearestOf, searchAround, type Reference } from './neighbourhood';
import { assemble, type PlaylistRules } from './playlist-rules';
import { MAX_SESSION_REFERENCES, radioCloseness } from './radio';
import { radioTiers } from './radio-policy';
import { scoreCandidates, type Scored } from './scoring';
import type { Sources } from './sources';

/** The queue after the skip, and tracks the rules (or an exclusion) no longer place. */
export type Reranked = Readonly<{ entries: Scored[]; dropped: SnapshotTrack[] }>;

/**
 * Re-ranks `queue`. With `references` (the radio's seeds) the audio side is the similarity to
 * them; without, it is the queue's own order, so only the taste and the penalties move tracks.
 */
export async function rerankQueue(
  sources: Sources,
  queue: readonly SnapshotTrack[],
  references: readonly SnapshotTrack[],
  rules: Omit<PlaylistRules, 'count' | 'durationSec'>,
): Promise<Reranked> {
  const { snapshot, nearest, scoring } = sources;
  const allowed = queue.filter((t) => !scoring.feedback.excluded(t.track));
  const order = new Map(allowed.map((t, i) => [t.track.id, i]));
  let seeds: readonly Reference[] = [];
  let session: readonly Reference[] = [];
  if (references.length > 0) {
    const own = new Set(references.map((r) => r.track.id));
    const played = [...scoring.played]
      .reverse()
      .filter(
        (t, i, all) =>
          !own.has(t.track.id) && all.findIndex((u) => u.track.id === t.track.id) === i,
      )
      .slice(0, MAX_SESSION_REFERENCES);
    // Only the closer neighbours' ranks are wanted (for the reasons): the queue is the pool.
    [seeds, session] = await Promise.all([
      searchAround(snapshot, nearest, references, 0).then((n) => n.references),
      played.length > 0
        ? searchAround(snapshot, nearest, played, 0).then((n) => n.references)
        : Promise.resolve([]),
    ]);
  }
  const ranked = scoreCandidates(scoring, allowed, (t) =>
    seeds.length > 0
      ? radioCloseness(t, seeds, session)
      : { similarity: 1 - (order.get(t.track.id) ?? 0) / allowed.length, sound: [] },
  );
  const seedSimilarity = new Map(allowed.map((t) => [t.track.id, nearestOf(t, seeds).similarity]));
  const entries = assemble(
    ranked,
    { ...rules, count: allowed.length },
    seeds.length > 0 ? radioTiers(scoring, seedSimilarity) : undefined,
  );
  const kept = new Set(entries.map((e) => e.id));
  return { entries, dropped: queue.filter((t) => !kept.has(t.track.id)) };
}
