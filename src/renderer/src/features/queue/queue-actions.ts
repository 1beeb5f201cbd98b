/** Turning recommendations into the player's queue, with their reasons kept beside it. */
import type { RecommendedRow, SeedArg } from '../../../../shared/api-contract-ui';
import type { QueueOriginArg } from '../../../../shared/api-contract-radio';
import type { InferredTag, TrackLoudness } from '../../../../shared/api-contract-media';
import type { TrackRow } from '../../../../shared/api-types';
import type { EventSource } from '../../../../shared/events';
import type { Player } from '../player/player';
import type { QueueNote, QueueNotes } from './queue-notes';

/** The tags every list of tracks has; the rest of a row is unknown to it. */
export type TrackTags = Readonly<{
  id: string;
  title: string;
  artist: string | null;
  album: string | null;
  durationSec?: number | null;
  /** Known for library tracks of a saved playlist or the details panel; unknown: none. */
  artwork?: boolean;
  loudness?: TrackLoudness | null;
  inferred?: readonly InferredTag[];
}>;

/** A row for the player from a track of any list (unknown fields are null). */
export function rowOf(track: TrackTags): TrackRow {
  return {
    id: track.id,
    title: track.title,
    artist: track.artist,
    album: track.album,
    albumArtist: null,
    trackNo: null,
    discNo: null,
    year: null,
    genre: null,
    durationSec: track.durationSec ?? null,
    status: 'analysed',
    // Not on every list's entries: library:get-playback has them for any track.
    artwork: track.artwork ?? false,
    loudness: track.loudness ?? null,
    inferred: track.inferred ?? [],
  };
}

/** Notes for recommended tracks, by id. */
export function notesOf(tracks: readonly RecommendedRow[]): Map<string, QueueNote> {
  return new Map(tracks.map((t) => [t.id, { why: t.why, score: t.score }]));
}

/** What to play and why. */
export type QueuePlan = Readonly<{
  /** Tracks to play first, as they are (the seed of a radio, the track clicked). */
  lead?: readonly TrackTags[];
  /** Why the lead tracks are there. */
  leadWhy?: string;
  tracks: readonly RecommendedRow[];
  source: EventSource;
  seeds?: readonly SeedArg[] | null;
  /** What the queue goes on from when it runs low (a radio's seeds by default); null: it ends. */
  origin?: QueueOriginArg | null;
}>;

/** Replaces the queue with `plan` and starts playing it. */
export function playPlan(player: Player, notes: QueueNotes, plan: QueuePlan): void {
  const lead = plan.lead ?? [];
  const leadNotes = new Map(
    lead.map((t) => [t.id, { why: plan.leadWhy ?? 'you chose it', score: null }]),
  );
  notes.replace(
    new Map([...leadNotes, ...notesOf(plan.tracks)]),
    plan.seeds ?? null,
    plan.tracks.length > 0,
    plan.origin !== undefined
      ? plan.origin
      : plan.seeds === undefined || plan.seeds === null || plan.seeds.length === 0
        ? null
        : { kind: 'radio', seeds: plan.seeds },
  );
  const queue = [...lead.map(rowOf), ...plan.tracks];
  if (queue.length > 0) player.playQueue(queue, 0, plan.source);
}

/**
 * Whether moving on after `positionSec` of a track of `durationSec` is a skip, by the engine's
 * rule (src/main/engine/events/signals.ts): before 30 s, or before 20 % of a long track.
 */
export function isSkip(positionSec: number, durationSec: number): boolean {
  return positionSec < Math.max(30, durationSec > 0 ? 0.2 * durationSec : 0);
}
