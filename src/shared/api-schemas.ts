/**
 * One zod schema per channel of the contract, checked against the type map with `satisfies`, so
 * a schema that accepts something its channel's type does not fails to compile. Every argument
 * is parsed with these on arrival (in Electron's main process and again in the engine host);
 * unknown keys are refused so a typo never passes silently. Pure TypeScript and zod.
 */
import { z } from 'zod';
import type { ArgOf, Channel } from './api-contract';
import { MEDIA_CHANNEL_SCHEMAS } from './api-schemas-media';
import { RADIO_CHANNEL_SCHEMAS } from './api-schemas-radio';
import { UI_CHANNEL_SCHEMAS } from './api-schemas-ui';
import { FEEDBACK_CHANNEL_SCHEMAS } from './api-schemas-feedback';
import { HISTORY_CHANNEL_SCHEMAS } from './api-schemas-history';
import { PLAYER_CHANNEL_SCHEMAS } from './api-schemas-player';
import { TRACK_SORT_KEYS } from './api-types';
import { eventDraftSchema, profileNameSchema } from './events';

/** A track id as the store makes them: 16 lower-case hex characters. */
export const trackIdSchema = z
  .string()
  .regex(/^[0-9a-f]{16}$/, 'a track id is 16 lower-case hex characters');

/**
 * A folder path as a person typed or picked it. Bounded, and without NUL, which no file system
 * accepts in a path (Node throws on it rather than failing the call cleanly).
 */
const folderPath = z
  .string()
  .min(1, 'a folder path is needed')
  .max(4096)
  .refine((path) => !path.includes('\0'), 'a path cannot contain a NUL character');

const none = z.strictObject({});
const count = (max: number) => z.number().int().min(1).max(max);

/** The schema of every channel's argument. */
export const CHANNEL_SCHEMAS = {
  'app:get-info': none,
  'engine:get-status': none,
  'library:list-tracks': z.strictObject({
    offset: z.number().int().min(0).max(10_000_000).optional(),
    limit: count(500).optional(),
    sort: z.enum(TRACK_SORT_KEYS).optional(),
    direction: z.enum(['asc', 'desc']).optional(),
    search: z.string().max(200).optional(),
  }),
  'library:get-track': z.strictObject({ id: trackIdSchema }),
  'library:get-track-details': z.strictObject({
    id: trackIdSchema,
    neighbours: z.number().int().min(0).max(100).optional(),
  }),
  'library:get-similar': z.strictObject({ id: trackIdSchema, limit: count(100).optional() }),
  'library:get-folders': none,
  'library:add-folder': z.strictObject({ path: folderPath }),
  'library:remove-folder': z.strictObject({ path: folderPath }),
  'library:get-failures': none,
  'scan:start': z.strictObject({ folders: z.array(folderPath).min(1).max(64).optional() }),
  'scan:cancel': none,
  'scan:get-state': none,
  'events:record': eventDraftSchema.omit({ session: true }).extend({
    durationMs: z.number().int().positive().optional(),
    profile: profileNameSchema.optional(),
  }),
  'events:list-recent': z.strictObject({
    track: trackIdSchema.optional(),
    limit: count(1000).optional(),
    profile: profileNameSchema.optional(),
  }),
  'dialog:choose-folder': none,
  ...UI_CHANNEL_SCHEMAS,
  ...MEDIA_CHANNEL_SCHEMAS,
  ...RADIO_CHANNEL_SCHEMAS,
  ...FEEDBACK_CHANNEL_SCHEMAS,
  ...HISTORY_CHANNEL_SCHEMAS,
  ...PLAYER_CHANNEL_SCHEMAS,
  // Every channel must be a key here, and each schema's output its channel's argument type.
} as const satisfies { readonly [C in Channel]: z.ZodType<ArgOf<C>> };
