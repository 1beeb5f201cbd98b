/**
 * Handlers of the feedback channels (src/shared/api-contract-feedback.ts) over one Engine. A
 * change counts as a listening event for the background learning: love and ban teach the taste
 * model, so it trains on the same schedule as after plays.
 */
import { DEFAULT_PROFILE } from '../../shared/events';
import type { Engine } from '../engine/engine';
import type { Handlers } from './dispatcher';
import type { LearningScheduler } from './learning-scheduler';

/** The handlers of the feedback channels. */
export function feedbackHandlers(engine: Engine, scheduler: LearningScheduler): Handlers {
  return {
    'feedback:set': async ({ target, value, profile }) => {
      const result = await engine.setFeedback({ target, value, profile });
      if (result.changed) scheduler.recorded(profile ?? DEFAULT_PROFILE);
      return result;
    },
    'feedback:list': ({ profile }) => engine.feedbackList(profile),
  };
}
