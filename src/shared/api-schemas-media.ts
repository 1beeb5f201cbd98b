/**
 * Schemas of the media channels (api-contract-media.ts), composed into CHANNEL_SCHEMAS in
 * api-schemas.ts, which checks each against its channel's type. Unknown keys are refused.
 */
import { z } from 'zod';
import type { ArgOf } from './api-contract';
import type { MEDIA_CHANNELS } from './api-contract-media';

// Repeated from api-schemas.ts rather than imported: that module imports this one.
const trackId = z.string().regex(/^[0-9a-f]{16}$/, 'a track id is 16 lower-case hex characters');

/** The schema of each media channel's argument. */
export const MEDIA_CHANNEL_SCHEMAS = {
  'library:get-playback': z.strictObject({ ids: z.array(trackId).max(500) }),
} as const satisfies { readonly [C in (typeof MEDIA_CHANNELS)[number]]: z.ZodType<ArgOf<C>> };
