/**
 * Schemas of the screens' channels (api-contract-ui.ts), composed into CHANNEL_SCHEMAS in
 * api-schemas.ts, which checks each against its channel's type. Unknown keys are refused.
 */
import { z } from 'zod';
import type { ArgOf } from './api-contract';
import { MAX_CROSSFADE_SEC, NORMALISATIONS, THEMES, type UI_CHANNELS } from './api-contract-ui';
import { LEARNING_JOBS } from './api-types';

// Repeated from api-schemas.ts rather than imported: that module imports this one.
const trackId = z.string().regex(/^[0-9a-f]{16}$/, 'a track id is 16 lower-case hex characters');

/** A tag value as a seed (album or artist name). */
const tagValue = z.string().min(1).max(500);

const seed = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('track'), id: trackId }),
  z.strictObject({ kind: z.literal('album'), album: tagValue }),
  z.strictObject({ kind: z.literal('artist'), artist: tagValue }),
]);

/** A radio's seed as a channel takes it (also in api-schemas-radio.ts). */
export const seedArgSchema = seed;

const adventurous = z.number().min(0).max(1);

/** A playlist name as the store accepts it: shown to people, no control characters. */
const playlistName = z
  .string()
  .min(1, 'a playlist needs a name')
  .max(200)
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters')
  .refine((s) => s.trim() === s, 'must not start or end with spaces');

/** The name of a picked M3U file (its name only, never a path): bounded, with the extension. */
const m3uFileName = z
  .string()
  .min(1, 'a file name is needed')
  .max(255)
  .regex(/^[^\p{Cc}/\\]+$/u, 'a file name, not a path, without control characters')
  .refine((name) => /\.m3u8?$/i.test(name.trim()), 'the file name must end in .m3u8 or .m3u');

/** Playlist files are small: a 100,000-track M3U8 is about 15 MB. */
const M3U_MAX_CHARS = 20_000_000;

const none = z.strictObject({});

/** The schema of every screen channel's argument. */
export const UI_CHANNEL_SCHEMAS = {
  'recommend:make-radio': z.strictObject({
    seeds: z.array(seed).min(1, 'a radio needs a seed').max(50),
    count: z.number().int().min(1).max(500).optional(),
    adventurous: adventurous.optional(),
  }),
  'recommend:make-path': z.strictObject({
    from: trackId,
    to: trackId,
    count: z.number().int().min(2).max(100).optional(),
  }),
  'recommend:list-mixes': z.strictObject({ count: z.number().int().min(1).max(200).optional() }),
  'recommend:rerank-queue': z.strictObject({
    queue: z.array(trackId).max(1000),
    skipped: trackId,
    seeds: z.array(seed).max(50).optional(),
    adventurous: adventurous.optional(),
  }),
  'playlists:list-all': none,
  'playlists:get-playlist': z.strictObject({ name: playlistName }),
  'playlists:save-playlist': z.strictObject({
    name: playlistName,
    kind: z.enum(['radio', 'path', 'mix', 'imported', 'manual']),
    trackIds: z.array(trackId).max(10_000),
  }),
  'playlists:rename-playlist': z.strictObject({ name: playlistName, newName: playlistName }),
  'playlists:delete-playlist': z.strictObject({ name: playlistName }),
  'playlists:export-m3u': z.strictObject({ name: playlistName }),
  'playlists:import-m3u': z.strictObject({
    text: z.string().max(M3U_MAX_CHARS, 'a playlist file of at most 20 MB'),
    fileName: m3uFileName,
    name: playlistName.optional(),
  }),
  'library:list-groups': z.strictObject({
    by: z.enum(['album', 'artist']),
    direction: z.enum(['asc', 'desc']).optional(),
    search: z.string().max(200).optional(),
  }),
  'discover:get-map': none,
  'settings:get-settings': none,
  'settings:update-settings': z.strictObject({
    adventurous: adventurous.optional(),
    crossfadeSec: z.number().min(0).max(MAX_CROSSFADE_SEC).optional(),
    normalisation: z.enum(NORMALISATIONS).optional(),
    theme: z.enum(THEMES).optional(),
    watchFolders: z.boolean().optional(),
  }),
  'learning:reset-learning': z.strictObject({ keepEvents: z.boolean() }),
  'learning:get-state': none,
  'learning:cancel': z.strictObject({ job: z.enum(LEARNING_JOBS).optional() }),
} as const satisfies { readonly [C in (typeof UI_CHANNELS)[number]]: z.ZodType<ArgOf<C>> };
