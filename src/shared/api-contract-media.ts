/**
 * What the player needs to play a track well, beyond its audio: artwork, loudness, and why the
 * media routes refuse a track. Composed into {@link ApiChannels} in api-contract.ts. Pure
 * TypeScript.
 *
 * URLs (both by track id only, never a path):
 * - audio: web `GET /media/<trackId>`, Electron `deepcut-media://track/<trackId>` (byte ranges);
 * - artwork: web `GET /artwork/<trackId>?size=S`, Electron `deepcut-media://artwork/<trackId>?size=S`,
 *   S one of {@link ARTWORK_SIZES} (any other size, or none, gets 256); JPEG, square, made at
 *   scan time from the file's embedded picture or its folder's cover/folder/front image. A track
 *   without artwork (`artwork: false` on its row) gets 404 `no-artwork`. An album header uses
 *   any one of its tracks' ids.
 *
 * A refused request answers with the status and a JSON body `{ code, message }` of
 * {@link MediaRefusal}, and the code also in the `X-Deepcut-Refusal` header, so a player that
 * only sees its audio element fail can ask the route (a HEAD request) why, and say it in words.
 */
/** The artwork sizes served, in pixels a side. */
export const ARTWORK_SIZES = [64, 256, 512] as const;

/** One of {@link ARTWORK_SIZES}. */
export type ArtworkSize = (typeof ARTWORK_SIZES)[number];

/** The size served when the request names none or one not in {@link ARTWORK_SIZES}. */
export const DEFAULT_ARTWORK_SIZE: ArtworkSize = 256;

/** The Electron protocol's host for artwork (`deepcut-media://artwork/<id>?size=S`). */
export const ARTWORK_HOST = 'artwork';

/** The size to serve for a `size` query value. */
export function artworkSizeOf(query: string | null | undefined): ArtworkSize {
  const size = Number(query);
  return (ARTWORK_SIZES as readonly number[]).includes(size)
    ? (size as ArtworkSize)
    : DEFAULT_ARTWORK_SIZE;
}

/**
 * Levelling for a track, to the ReplayGain 2 reference of −18 LUFS: play at `trackGainDb` (or
 * `albumGainDb` for an album in order) and keep the gain-adjusted peak at or under 1.
 */
export type TrackLoudness = Readonly<{
  /** Gain in dB that brings the track to −18 LUFS. */
  trackGainDb: number;
  /** Peak sample, linear (1 = full scale). Measured peaks come from the analysed excerpts. */
  trackPeak: number;
  /** The album's gain, from its tags or from its tracks' loudness; null outside an album. */
  albumGainDb: number | null;
  albumPeak: number | null;
  /** `tags`: the file's ReplayGain tags; `measured`: integrated loudness (EBU R128) at scan time. */
  source: 'tags' | 'measured';
}>;

/** A tag read from the file's path because the file has none (shown as a guess). */
export type InferredTag = 'title' | 'artist' | 'album' | 'trackNo';

/** What the player needs of a queued track besides its audio. */
export type PlaybackInfo = Readonly<{
  id: string;
  durationSec: number | null;
  /** Whether `/artwork/<id>` has a picture. */
  artwork: boolean;
  /** Null when neither tags nor a measurement exist (failed or silent tracks). */
  loudness: TrackLoudness | null;
}>;

/** Why a media or artwork request was refused. */
export const MEDIA_REFUSALS = {
  /** The id is not a track of the library (or not an id at all). */
  'unknown-track': { status: 404, message: 'This track is not in the library.' },
  /** The track's file is missing now (deleted, moved, or its drive is gone). */
  'file-gone': { status: 410, message: 'The file is gone.' },
  /** The file lies outside the music folders (its folder was removed from the library). */
  'outside-folders': { status: 403, message: 'This file is outside your music folders.' },
  /** The path is there but is no audio file the library plays (a folder, another format). */
  'not-audio': { status: 415, message: 'This file is not audio Deepcut can play.' },
  /** The track has no picture. */
  'no-artwork': { status: 404, message: 'This track has no artwork.' },
  /** The engine process is restarting (the desktop app); asking again shortly works. */
  'engine-unavailable': { status: 503, message: 'Deepcut is restarting its engine; try again.' },
} as const satisfies Readonly<Record<string, Readonly<{ status: number; message: string }>>>;

/** A code of {@link MEDIA_REFUSALS}. */
export type MediaRefusal = keyof typeof MEDIA_REFUSALS;

/** The header that carries a refusal's code. */
export const REFUSAL_HEADER = 'X-Deepcut-Refusal';

/** The channels of this file. */
export type MediaChannels = {
  /**
   * Artwork, loudness and duration of up to 500 tracks, in the order asked; unknown ids are left
   * out. For tracks of a radio, mix or playlist, whose entries carry only their tags.
   */
  'library:get-playback': (arg: Readonly<{ ids: readonly string[] }>) => Promise<PlaybackInfo[]>;
};

/** This file's channels, in order. */
export const MEDIA_CHANNELS = [
  'library:get-playback',
] as const satisfies readonly (keyof MediaChannels)[];
