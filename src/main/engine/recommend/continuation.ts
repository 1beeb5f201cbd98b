/**
 * Endless play: the next tracks of a radio, mix or path when its queue runs low, under the same
 * rules as its start. Nothing heard or queued in the session comes again, the artist limits count
 * from the queue's end, and the session's plays pull and its skips push as in a re-ranking.
 * - A radio continues from its seeds (radio.ts, following the session).
 * - A path ends where it was asked to: it continues as a radio from its last track.
 * - A mix plays its own tracks not yet heard, then continues as a radio from the members nearest
 *   its centre. A mix that no longer exists (the library or the history changed its groups)
 *   continues as a radio from the queue's last tracks.
 */
import type { SnapshotTrack } from './library-snapshot';
import { mixPlaylist, type MixGroups } from './mixes';
import { radio, type RadioPlan } from './radio';
import type { Scored } from './scoring';
import type { Sources } from './sources';
import { dot } from './vector-math';

/** Tracks of a mix (nearest its centre) that seed its continuation as a radio. */
export const MIX_RADIO_REFERENCES = 6;
/** Tracks at the end of a queue that seed a radio when its mix is gone. */
export const FALLBACK_REFERENCES = 3;

/** What a queue continues, resolved to tracks. */
export type ResolvedOrigin =
  | Readonly<{ kind: 'radio'; plan: RadioPlan }>
  | Readonly<{ kind: 'mix'; name: string }>
  | Readonly<{ kind: 'path'; to: SnapshotTrack }>;

/** The next `count` tracks after `before` (the session's queue so far, in order). */
export async function continueQueue(
  sources: Sources,
  origin: ResolvedOrigin,
  before: readonly SnapshotTrack[],
  count: number,
  groups: () => MixGroups,
): Promise<Scored[]> {
  const start = { before, followSession: true };
  switch (origin.kind) {
    case 'radio':
      return radio(sources, origin.plan, { count }, start);
    case 'path': {
      const plan = { references: [origin.to], seeds: [origin.to], seedArtists: [] };
      return radio(sources, plan, { count }, start);
    }
    case 'mix':
      return continueMix(sources, origin.name, before, count, groups());
    default:
      return origin satisfies never;
  }
}

async function continueMix(
  sources: Sources,
  name: string,
  before: readonly SnapshotTrack[],
  count: number,
  groups: MixGroups,
): Promise<Scored[]> {
  const mix = groups.mixes.find((m) => m.name === name);
  if (!mix) {
    const last = before.slice(-FALLBACK_REFERENCES);
    if (last.length === 0) return [];
    return radio(
      sources,
      { references: last, seeds: [], seedArtists: [] },
      { count },
      {
        before,
        followSession: true,
      },
    );
  }
  const members = groups.members.get(mix.id) ?? [];
  const own = mixPlaylist(sources, mix, members, { count }, before);
  if (own.length >= count) return own;
  // The mix has no more of its own tracks to play: a radio from its heart fills the rest.
  const hubs = [...members]
    .sort((a, b) => dot(b.vector, mix.centre) - dot(a.vector, mix.centre))
    .slice(0, MIX_RADIO_REFERENCES);
  const rest = await radio(
    sources,
    { references: hubs, seeds: [], seedArtists: [] },
    { count: count - own.length },
    { before: [...before, ...own], followSession: true },
  );
  return [...own, ...rest];
}
