/**
 * Schemas of the feedback channels (api-contract-feedback.ts), composed into CHANNEL_SCHEMAS in
 * api-schemas.ts, which checks each against its channel's type. Unknown keys are refused.
 */
import { z } from 'zod';
import type { ArgOf } from './api-contract';
import type { FEEDBACK_CHANNELS } from './api-contract-feedback';
import { profileNameSchema } from './events';
import {
  FEEDBACK_VALUES,
  feedbackTargetSchema,
  isAllowedChange,
  LOVE_IS_FOR_TRACKS,
} from './feedback';

/** The schema of every feedback channel's argument. */
export const FEEDBACK_CHANNEL_SCHEMAS = {
  'feedback:set': z
    .strictObject({
      target: feedbackTargetSchema,
      value: z.enum(FEEDBACK_VALUES),
      profile: profileNameSchema.optional(),
    })
    .refine(isAllowedChange, LOVE_IS_FOR_TRACKS),
  'feedback:list': z.strictObject({ profile: profileNameSchema.optional() }),
} as const satisfies {
  readonly [C in (typeof FEEDBACK_CHANNELS)[number]]: z.ZodType<ArgOf<C>>;
};
