/**
 * Schemas of the endless-play and mix-membership channels (api-contract-radio.ts), composed into
 * CHANNEL_SCHEMAS in api-schemas.ts, which checks each against its channel's type.
 */
import { z } from 'zod';
import type { RADIO_CHANNELS } from './api-contract-radio';
import type { ArgOf } from './api-contract';
import { seedArgSchema } from './api-schemas-ui';

// Repeated from api-schemas.ts rather than imported: that module imports this one.
const trackId = z.string().regex(/^[0-9a-f]{16}$/, 'a track id is 16 lower-case hex characters');

const origin = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('radio'),
    seeds: z.array(seedArgSchema).min(1, 'a radio needs a seed').max(50),
  }),
  z.strictObject({ kind: z.literal('mix'), name: z.string().min(1).max(500) }),
  z.strictObject({ kind: z.literal('path'), from: trackId, to: trackId }),
]);

/** The schema of every endless-play channel's argument. */
export const RADIO_CHANNEL_SCHEMAS = {
  'recommend:continue-queue': z.strictObject({
    origin,
    queued: z.array(trackId).max(10_000),
    count: z.number().int().min(1).max(200).optional(),
    adventurous: z.number().min(0).max(1).optional(),
  }),
  'recommend:get-mix-membership': z.strictObject({}),
} as const satisfies { readonly [C in (typeof RADIO_CHANNELS)[number]]: z.ZodType<ArgOf<C>> };
