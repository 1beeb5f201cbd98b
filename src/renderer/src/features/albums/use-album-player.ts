/** Playing an album, or queueing it, from the Albums grid and an album's page. */
import { useCallback, useState } from 'react';
import type { AlbumSummary } from '../../../../shared/api-contract-player';
import type { TrackRow } from '../../../../shared/api-types';
import type { EventSource } from '../../../../shared/events';
import { useApi } from '../../lib/api';
import { messageOf } from '../common/errors';
import { usePlayer } from '../player/use-player';
import { useQueueNotes } from '../queue/queue-notes';

/** The event source of an album's playback: the library (an album is a view of it). */
const SOURCE: EventSource = { kind: 'library' };

export type AlbumPlayer = Readonly<{
  /** Plays the album (or its tracks from `from`) in order, replacing the queue. */
  play: (album: AlbumSummary, tracks?: readonly TrackRow[], from?: number) => void;
  playNext: (tracks: readonly TrackRow[]) => void;
  addToQueue: (tracks: readonly TrackRow[]) => void;
  error: string | null;
}>;

export function useAlbumPlayer(): AlbumPlayer {
  const api = useApi();
  const [player] = usePlayer();
  const [notes] = useQueueNotes();
  const [error, setError] = useState<string | null>(null);
  const play = useCallback(
    (album: AlbumSummary, tracks?: readonly TrackRow[], from = 0) => {
      const start = (rows: readonly TrackRow[]): void => {
        if (rows.length <= from) return setError(`“${album.name}” has no tracks now.`);
        setError(null);
        notes.replace(new Map(), null, false);
        player.playQueue(rows, from, SOURCE);
      };
      if (tracks !== undefined) return start(tracks);
      api.library
        .getAlbum({ id: album.id })
        .then(start)
        .catch((caught: unknown) =>
          setError(`“${album.name}” could not be played: ${messageOf(caught)}`),
        );
    },
    [api, player, notes],
  );
  const playNext = useCallback(
    (tracks: readonly TrackRow[]) => player.playNext(tracks, SOURCE),
    [player],
  );
  const addToQueue = useCallback(
    (tracks: readonly TrackRow[]) => player.addToQueue(tracks, SOURCE),
    [player],
  );
  return { play, playNext, addToQueue, error };
}
