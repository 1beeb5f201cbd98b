/**
 * A path from track A to track B in N steps, each a small move in audio space: waypoints are
 * spaced evenly along the great circle from A's vector to B's (slerp), and each step takes the
 * best-scored unused track near its waypoint that moves forward. "Forward" is the track's
 * position along the circle (its angle from A in the plane of A and B, as a share of A→B), so
 * progress is monotone even where the library is sparse.
 */
import { PlaylistBuilder } from './playlist-rules';
import type { SnapshotTrack } from './library-snapshot';
import type { Sources } from './sources';
import { scoreCandidates, type Scored } from './scoring';
import { angle, dot, normalised, slerp } from './vector-math';

/** Neighbours fetched per waypoint. */
export const WAYPOINT_NEIGHBOURS = 24;

/**
 * Where a vector lies between unit vectors `a` (0) and `b` (1): its angle from `a` within the
 * plane of `a` and `b`, over the angle from `a` to `b`.
 */
export function progressAlong(a: Float32Array, b: Float32Array): (v: Float32Array) => number {
  const theta = angle(a, b);
  if (theta < 1e-6) return () => 0;
  const ab = dot(a, b);
  const u = normalised(a.map((x, i) => (b[i] ?? 0) - ab * x));
  return (v) => Math.atan2(dot(v, u), dot(v, a)) / theta;
}

/**
 * The path's tracks: `from`, up to `count − 2` steps, `to`. A waypoint whose neighbourhood has
 * no track the rules admit that moves forward is left out, so a sparse library gives a shorter
 * path rather than a backward step.
 */
export async function trackPath(
  sources: Sources,
  from: SnapshotTrack,
  to: SnapshotTrack,
  count: number,
): Promise<Scored[]> {
  const { snapshot, nearest, scoring } = sources;
  const steps = Math.max(0, count - 2);
  const waypoints = Array.from({ length: steps }, (_, i) =>
    slerp(from.vector, to.vector, (i + 1) / (steps + 1)),
  );
  const found = await Promise.all(waypoints.map((w) => nearest(w, WAYPOINT_NEIGHBOURS)));
  const ends = new Set([from.track.id, to.track.id]);
  // The ends are the person's choice; every step between them respects "Don't play this".
  const neighbourhoods = found.map((hits) =>
    hits.flatMap((hit) => {
      const track = ends.has(hit.id) ? undefined : snapshot.get(hit.id);
      return track && !scoring.feedback.excluded(track.track) ? [track] : [];
    }),
  );
  const along = progressAlong(from.vector, to.vector);
  const progress = new Map<string, number>();
  for (const tracks of neighbourhoods)
    for (const t of tracks) progress.set(t.track.id, along(t.vector));
  const end = (track: SnapshotTrack, value: number): Scored[] =>
    scoreCandidates(scoring, [track], () => ({
      similarity: 1,
      sound: [{ kind: 'step', to: to.track.id, value }],
    }));
  const [start] = end(from, 0);
  const [finish] = end(to, 1);
  if (!start || !finish) return [];
  const artists = [from.track.artist, to.track.artist].filter((a): a is string => a !== null);
  // `to` counts as a seed so no version of it comes before it; it is placed last by force.
  const builder = new PlaylistBuilder<Scored>({ seeds: [to], seedArtists: artists });
  builder.add(start, true);
  let last = 0;
  waypoints.forEach((waypoint, i) => {
    // A step may also take a track found for the waypoints either side of it.
    const near = new Map<string, SnapshotTrack>();
    for (const j of [i - 1, i, i + 1]) {
      for (const t of neighbourhoods[j] ?? []) near.set(t.track.id, t);
    }
    const ranked = scoreCandidates(scoring, [...near.values()], (c) => ({
      similarity: dot(c.vector, waypoint),
      sound: [
        {
          kind: 'step',
          to: to.track.id,
          value: Math.round((progress.get(c.track.id) ?? 0) * 100) / 100,
        },
      ],
    }));
    const pick = ranked.find((c) => {
      const p = progress.get(c.id) ?? 0;
      return p > last && p < 1 && builder.refusal(c) === null;
    });
    if (pick) {
      builder.add(pick, true);
      last = progress.get(pick.id) ?? last;
    }
  });
  builder.add(finish, true);
  return builder.entries;
}
