/** Radio seeds from what a person names: tracks, an album's tracks, an artist's tracks. */
import type { LibrarySnapshot, SnapshotTrack } from './library-snapshot';
import type { RadioPlan } from './radio';
import { RecommendError } from './recommend-error';
import { normaliseArtist } from './song-identity';
import type { SeedRef } from './types';

const fold = (text: string): string => text.normalize('NFKC').trim().toLowerCase();

/**
 * What a radio follows and must not echo. A track or an album seeds with its tracks, which the
 * radio then leaves out; an artist seeds with the artist's tracks, which it may play (the artist
 * limits do not apply to a seed artist).
 */
export async function resolveSeeds(
  seeds: readonly SeedRef[],
  snapshot: LibrarySnapshot,
  track: (ref: string) => Promise<SnapshotTrack>,
): Promise<RadioPlan> {
  const references = new Map<string, SnapshotTrack>();
  const echo = new Map<string, SnapshotTrack>();
  const seedArtists: string[] = [];
  for (const seed of seeds) {
    switch (seed.kind) {
      case 'track': {
        const t = await track(seed.ref);
        references.set(t.track.id, t);
        echo.set(t.track.id, t);
        break;
      }
      case 'album': {
        const name = fold(seed.album);
        const tracks = [...snapshot.all()].filter(
          (t) => t.track.album !== null && fold(t.track.album) === name,
        );
        if (tracks.length === 0)
          throw new RecommendError(`no analysed album called "${seed.album}"`);
        for (const t of tracks) {
          references.set(t.track.id, t);
          echo.set(t.track.id, t);
        }
        break;
      }
      case 'artist': {
        const name = normaliseArtist(seed.artist);
        const tracks = [...snapshot.all()].filter(
          (t) =>
            name !== null &&
            (normaliseArtist(t.track.artist) === name ||
              normaliseArtist(t.track.albumArtist) === name),
        );
        if (tracks.length === 0) throw new RecommendError(`no analysed tracks by "${seed.artist}"`);
        for (const t of tracks) references.set(t.track.id, t);
        seedArtists.push(seed.artist);
        break;
      }
      default:
        seed satisfies never;
    }
  }
  return { references: [...references.values()], seeds: [...echo.values()], seedArtists };
}
