/**
 * Handlers of the player's channels (src/shared/api-contract-player.ts) over one Engine.
 */
import type { Engine } from '../engine/engine';
import { albumTracks, listAlbums } from './album-views';
import type { Handlers } from './dispatcher';

/** The handlers of the player's channels. */
export function playerHandlers(engine: Engine): Handlers {
  const listTracks = engine.store.listTracks.bind(engine.store);
  return {
    'library:list-albums': ({ sort, search }) =>
      listAlbums(listTracks, { sort: sort ?? 'album', search: search ?? '' }),
    'library:get-album': ({ id }) => albumTracks(listTracks, id),
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
