/**
 * Handlers of the history-import channels (src/shared/api-contract-history.ts) over one
 * Engine. An import that added events counts as listening for the background learning.
 */
import { DEFAULT_PROFILE } from '../../shared/events';
import type { Engine } from '../engine/engine';
import type { Handlers } from './dispatcher';
import type { LearningScheduler } from './learning-scheduler';

/** The handlers of the history-import channels. */
export function historyHandlers(engine: Engine, scheduler: LearningScheduler): Handlers {
  return {
    'history:preview-import': (arg) => engine.importHistory({ ...arg, write: false }),
    'history:import-file': async (arg) => {
      const report = await engine.importHistory({ ...arg, write: true });
      if (report.events + report.loves + report.bans > 0) {
        scheduler.recorded(arg.profile ?? DEFAULT_PROFILE);
      }
      return report;
    },
  };
}
