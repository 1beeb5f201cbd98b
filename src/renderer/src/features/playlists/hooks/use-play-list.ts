/** Playing a list from the playlists screen: saved playlists in order, recommended lists with reasons. */
import { useCallback } from 'react';
import type { RecommendedRow } from '../../../../../shared/api-contract-ui';
import type { EventSource } from '../../../../../shared/events';
import { usePlayer } from '../../player/use-player';
import { playPlan, rowOf, type TrackTags } from '../../queue/queue-actions';
import { useQueueNotes } from '../../queue/queue-notes';

/** An event source's label: at most 128 characters, no surrounding spaces (events.ts). */
export function sourceLabel(text: string): string {
  return text.slice(0, 128).trim() || 'untitled';
}

export function usePlayList(): Readonly<{
  playSaved: (name: string, tracks: readonly TrackTags[], from: number) => void;
  playRecommended: (source: EventSource, tracks: readonly RecommendedRow[], from: number) => void;
}> {
  const [player] = usePlayer();
  const [notes] = useQueueNotes();
  const playSaved = useCallback(
    (name: string, tracks: readonly TrackTags[], from: number) => {
      const rest = tracks.slice(from);
      notes.replace(
        new Map(rest.map((t) => [t.id, { why: `in your playlist “${name}”`, score: null }])),
        null,
        false,
      );
      if (rest.length > 0)
        player.playQueue(rest.map(rowOf), 0, { kind: 'playlist', id: sourceLabel(name) });
    },
    [player, notes],
  );
  const playRecommended = useCallback(
    (source: EventSource, tracks: readonly RecommendedRow[], from: number) => {
      // A mix goes on from its own tracks, then from its heart, when it runs low.
      const origin =
        source.kind === 'mix' && source.id !== undefined
          ? ({ kind: 'mix', name: source.id } as const)
          : null;
      playPlan(player, notes, { tracks: tracks.slice(from), source, seeds: null, origin });
    },
    [player, notes],
  );
  return { playSaved, playRecommended };
}
