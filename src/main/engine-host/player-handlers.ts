/**
 * Handlers of the player's channels (src/shared/api-contract-player.ts) over one Engine.
 */
import type { Engine } from '../engine/engine';
import type { Handlers } from './dispatcher';

/** The handlers of the player's channels. */
export function playerHandlers(engine: Engine): Handlers {
  return {
    'feedback:check-tracks': async ({ ids, profile }) => {
      const [feedback, rows] = await Promise.all([
        engine.feedback(profile),
        engine.store.rows(ids),
      ]);
      const known = [...rows.values()];
      return {
        loved: known.filter((row) => feedback.loved(row.id)).map((row) => row.id),
        excluded: known.filter((row) => feedback.excluded(row)).map((row) => row.id),
      };
    },
  };
}
