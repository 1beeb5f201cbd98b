/**
 * Handlers of endless play and of the mixes' groups (src/shared/api-contract-radio.ts) over one
 * Engine, mapped as the screens' recommendations are (ui-handlers.ts): library rows, no paths.
 */
import type { QueueOriginArg } from '../../shared/api-contract-radio';
import type { Engine } from '../engine/engine';
import type { QueueOrigin } from '../engine/recommend/types';
import type { Handlers } from './dispatcher';
import { recommending, seedRef, withRows } from './ui-handlers';

function originOf(origin: QueueOriginArg): QueueOrigin {
  return origin.kind === 'radio' ? { kind: 'radio', seeds: origin.seeds.map(seedRef) } : origin;
}

/** The handlers of the endless-play channels. */
export function radioHandlers(engine: Engine): Handlers {
  return {
    'recommend:continue-queue': async ({ origin, queued, count, adventurous }) => {
      const setting = adventurous ?? (await engine.settings().read()).adventurous;
      return recommending(async () =>
        withRows(
          engine,
          await engine.continueQueue({
            origin: originOf(origin),
            queued,
            count,
            adventurous: setting,
          }),
        ),
      );
    },
    'recommend:get-mix-membership': () => recommending(() => engine.mixMembership()),
  };
}
