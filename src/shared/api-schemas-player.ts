/**
 * Schemas of the player's channels (api-contract-player.ts), composed into CHANNEL_SCHEMAS in
 * api-schemas.ts, which checks each against its channel's type. Unknown keys are refused.
 */
import { z } from 'zod';
import type { ArgOf } from './api-contract';
import { MAX_CHECKED_TRACKS, type PLAYER_CHANNELS } from './api-contract-player';
import { profileNameSchema } from './events';

// Repeated from api-schemas.ts rather than imported: that module imports this one.
const trackId = z.string().regex(/^[0-9a-f]{16}$/, 'a track id is 16 lower-case hex characters');

/** The schema of every player channel's argument. */
export const PLAYER_CHANNEL_SCHEMAS = {
  'feedback:check-tracks': z.strictObject({
    ids: z.array(trackId).max(MAX_CHECKED_TRACKS),
    profile: profileNameSchema.optional(),
  }),
  'library:get-folder-states': z.strictObject({}),
  'library:list-albums': z.strictObject({
    sort: z.enum(['album', 'artist', 'year']).optional(),
    search: z.string().max(200).optional(),
  }),
  'library:get-album': z.strictObject({ id: trackId }),
} as const satisfies {
  readonly [C in (typeof PLAYER_CHANNELS)[number]]: z.ZodType<ArgOf<C>>;
};
