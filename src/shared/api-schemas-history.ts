/**
 * Schemas of the history-import channels (api-contract-history.ts), composed into
 * CHANNEL_SCHEMAS in api-schemas.ts. Unknown keys are refused.
 */
import { z } from 'zod';
import type { ArgOf } from './api-contract';
import type { HISTORY_CHANNELS } from './api-contract-history';
import { profileNameSchema } from './events';
import { HISTORY_FORMATS } from './history-import';

/**
 * A history export is text: 100,000 Last.fm scrobbles are about 7 MB, an iTunes library of
 * 50,000 songs about 100 MB.
 */
export const HISTORY_MAX_CHARS = 200_000_000;

const historyFile = z.strictObject({
  text: z.string().max(HISTORY_MAX_CHARS, 'a history file of at most 200 MB'),
  fileName: z
    .string()
    .min(1, 'a file name is needed')
    .max(255)
    .regex(/^[^\p{Cc}/\\]+$/u, 'a file name, not a path, without control characters'),
  format: z.enum(HISTORY_FORMATS).optional(),
  profile: profileNameSchema.optional(),
});

/** The schema of every history-import channel's argument. */
export const HISTORY_CHANNEL_SCHEMAS = {
  'history:preview-import': historyFile,
  'history:import-file': historyFile,
} as const satisfies {
  readonly [C in (typeof HISTORY_CHANNELS)[number]]: z.ZodType<ArgOf<C>>;
};
