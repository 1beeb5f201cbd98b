/**
 * What can be done with a track from any screen: play it, start a radio from it, a path from it
 * to another, show what sounds like it, add it to a playlist. One context menu and its dialogs.
 */
import { useCallback, useState, type JSX } from 'react';
import type { TrackRow } from '../../../../../shared/api-types';
import { useApi } from '../../../lib/api';
import { ContextMenu, type MenuAnchor } from '../../common/components/ContextMenu';
import { messageOf } from '../../common/errors';
import { usePlayer } from '../../player/use-player';
import { AddToPlaylistDialog } from '../../playlists/components/AddToPlaylistDialog';
import { playPlan, type TrackTags } from '../../queue/queue-actions';
import { useQueueNotes } from '../../queue/queue-notes';
import { useUi } from '../../screens/hooks/use-ui';
import { PathDialog } from '../components/PathDialog';

/** Tracks a radio or path plays after its seed. */
const RADIO_LENGTH = 30;

type Open =
  | Readonly<{ kind: 'menu'; track: TrackTags; anchor: MenuAnchor }>
  | Readonly<{ kind: 'path'; track: TrackTags }>
  | Readonly<{ kind: 'playlist'; track: TrackTags }>
  | null;

export type TrackActions = Readonly<{
  openMenu: (track: TrackTags, anchor: MenuAnchor) => void;
  startRadio: (track: TrackTags) => Promise<void>;
  /** The menu or dialog open now, to render. */
  element: JSX.Element | null;
}>;

export function useTrackActions(): TrackActions {
  const api = useApi();
  const ui = useUi();
  const [player] = usePlayer();
  const [notes] = useQueueNotes();
  const [open, setOpen] = useState<Open>(null);
  const close = useCallback(() => setOpen(null), []);
  const { notify, addGenerated } = ui;

  const startRadio = useCallback(
    async (track: TrackTags) => {
      notify(`Making a radio from “${track.title}”…`);
      try {
        const seeds = [{ kind: 'track', id: track.id } as const];
        const tracks = await api.recommend.makeRadio({ seeds, count: RADIO_LENGTH });
        playPlan(player, notes, {
          lead: [track],
          leadWhy: 'the seed of this radio',
          tracks,
          source: { kind: 'radio', id: track.id },
          seeds,
        });
        addGenerated({ title: `Radio from ${track.title}`, kind: 'radio', tracks });
        notify(`Radio from “${track.title}”: ${tracks.length} tracks in Up next.`);
      } catch (error) {
        notify(`No radio from “${track.title}”: ${messageOf(error)}`);
      }
    },
    [api, player, notes, notify, addGenerated],
  );

  const startPath = useCallback(
    async (from: TrackTags, to: TrackRow, steps: number) => {
      setOpen(null);
      try {
        const tracks = await api.recommend.makePath({ from: from.id, to: to.id, count: steps });
        playPlan(player, notes, { tracks, source: { kind: 'path', id: from.id }, seeds: null });
        addGenerated({ title: `${from.title} → ${to.title}`, kind: 'path', tracks });
        notify(`Path from “${from.title}” to “${to.title}”: ${tracks.length} tracks in Up next.`);
      } catch (error) {
        notify(`No path: ${messageOf(error)}`);
      }
    },
    [api, player, notes, notify, addGenerated],
  );

  let element: JSX.Element | null = null;
  if (open?.kind === 'menu') {
    const { track } = open;
    element = (
      <ContextMenu
        label={`Actions for ${track.title}`}
        anchor={open.anchor}
        onClose={close}
        items={[
          { label: 'Start radio', onSelect: () => void startRadio(track) },
          { label: 'Path to…', onSelect: () => setOpen({ kind: 'path', track }) },
          { label: 'Show similar', onSelect: () => ui.showTrack(track.id) },
          { label: 'Add to playlist…', onSelect: () => setOpen({ kind: 'playlist', track }) },
        ]}
      />
    );
  } else if (open?.kind === 'path') {
    const from = open.track;
    element = (
      <PathDialog
        from={from}
        onClose={close}
        onChoose={(to, steps) => void startPath(from, to, steps)}
      />
    );
  } else if (open?.kind === 'playlist') {
    element = (
      <AddToPlaylistDialog
        trackIds={[open.track.id]}
        what={`“${open.track.title}”`}
        onDone={notify}
        onClose={close}
      />
    );
  }

  const openMenu = useCallback(
    (track: TrackTags, anchor: MenuAnchor) => setOpen({ kind: 'menu', track, anchor }),
    [],
  );
  return { openMenu, startRadio, element };
}
