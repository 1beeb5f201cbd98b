/**
 * What can be done with tracks from any screen: play them now, next or at the end of the queue,
 * start a radio from one, a path from it to another, show what sounds like it, add them to a
 * playlist, love it, or say not to play it (or its artist, or its album). One context menu and
 * its dialogs; a selection of several tracks gets the commands that make sense for many.
 */
import { useCallback, useState, type JSX } from 'react';
import type { TrackRow } from '../../../../../shared/api-types';
import type { EventSource } from '../../../../../shared/events';
import { useApi } from '../../../lib/api';
import { ContextMenu, type MenuAnchor, type MenuItem } from '../../common/components/ContextMenu';
import { messageOf } from '../../common/errors';
import { useFeedbackActions } from '../../feedback/use-feedback-actions';
import { usePlayer } from '../../player/use-player';
import { AddToPlaylistDialog } from '../../playlists/components/AddToPlaylistDialog';
import { playPlan, type TrackTags } from '../../queue/queue-actions';
import { useQueueNotes } from '../../queue/queue-notes';
import { useUi } from '../../screens/hooks/use-ui';
import { PathDialog } from '../components/PathDialog';

/** Tracks a radio or path plays after its seed. */
const RADIO_LENGTH = 30;

/** What a menu acts on: one track, or several (a selection), fetched when a command needs them. */
export type MenuTarget = Readonly<{
  /** The track the menu was opened on. */
  first: TrackRow;
  count: number;
  rows: () => Promise<readonly TrackRow[]>;
  /** Where these tracks come from, for their listening events. */
  source?: EventSource;
}>;

/** A target of one track. */
export function oneTrack(track: TrackRow, source?: EventSource): MenuTarget {
  return { first: track, count: 1, rows: async () => [track], source };
}

type Open =
  | Readonly<{ kind: 'menu'; target: MenuTarget; anchor: MenuAnchor }>
  | Readonly<{ kind: 'path'; track: TrackTags }>
  | Readonly<{ kind: 'playlist'; ids: readonly string[]; what: string }>
  | null;

export type TrackActions = Readonly<{
  openMenu: (target: MenuTarget, anchor: MenuAnchor) => void;
  startRadio: (track: TrackTags) => Promise<void>;
  /** The menu or dialog open now, to render. */
  element: JSX.Element | null;
}>;

const tracksWord = (n: number): string => `${n} ${n === 1 ? 'track' : 'tracks'}`;

export function useTrackActions(): TrackActions {
  const api = useApi();
  const ui = useUi();
  const [player] = usePlayer();
  const [notes] = useQueueNotes();
  const feedback = useFeedbackActions();
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
        playPlan(player, notes, {
          tracks,
          source: { kind: 'path', id: from.id },
          seeds: null,
          origin: { kind: 'path', from: from.id, to: to.id },
        });
        addGenerated({ title: `${from.title} → ${to.title}`, kind: 'path', tracks });
        notify(`Path from “${from.title}” to “${to.title}”: ${tracks.length} tracks in Up next.`);
      } catch (error) {
        notify(`No path: ${messageOf(error)}`);
      }
    },
    [api, player, notes, notify, addGenerated],
  );

  /** Runs a queue command on the target's tracks, saying what it did. */
  const queue = useCallback(
    (target: MenuTarget, how: 'now' | 'next' | 'end') => {
      const source = target.source ?? { kind: 'library' };
      target
        .rows()
        .then((rows) => {
          if (how === 'now') {
            if (player.current() === null) notes.replace(new Map(), null, false);
            player.playNow(rows, source);
          } else if (how === 'next') player.playNext(rows, source);
          else player.addToQueue(rows, source);
          const what = rows.length === 1 ? `“${target.first.title}”` : tracksWord(rows.length);
          notify(
            how === 'now'
              ? `Playing ${what}.`
              : how === 'next'
                ? `${what} will play next.`
                : `Added ${what} to the end of Up next.`,
          );
        })
        .catch((error: unknown) => notify(`Not queued: ${messageOf(error)}`));
    },
    [player, notes, notify],
  );

  let element: JSX.Element | null = null;
  if (open?.kind === 'menu') {
    const { target } = open;
    const track = target.first;
    const many = target.count > 1;
    const suffix = many ? ` (${tracksWord(target.count)})` : '';
    const items: MenuItem[] = [
      { label: `Play now${suffix}`, onSelect: () => queue(target, 'now') },
      { label: `Play next${suffix}`, onSelect: () => queue(target, 'next') },
      { label: `Add to queue${suffix}`, onSelect: () => queue(target, 'end') },
      {
        label: `Add to playlist…${suffix}`,
        onSelect: () =>
          void target.rows().then((rows) =>
            setOpen({
              kind: 'playlist',
              ids: rows.map((r) => r.id),
              what: many ? tracksWord(rows.length) : `“${track.title}”`,
            }),
          ),
      },
    ];
    if (!many) {
      const analysed = track.status === 'analysed';
      items.push(
        { label: 'Start radio', disabled: !analysed, onSelect: () => void startRadio(track) },
        {
          label: 'Path to…',
          disabled: !analysed,
          onSelect: () => setOpen({ kind: 'path', track }),
        },
        { label: 'Show similar', onSelect: () => ui.showTrack(track.id) },
        {
          label: feedback.loved(track.id) ? 'Loved ✓ (undo)' : 'Love',
          onSelect: () => feedback.toggleLove(track),
        },
        {
          label: 'Don’t play this',
          onSelect: () => feedback.dontPlay({ kind: 'track', id: track.id }, track),
        },
      );
      if (track.artist !== null) {
        const name = track.artist;
        items.push({
          label: `Don’t play ${name}`,
          onSelect: () => feedback.dontPlay({ kind: 'artist', name }, track),
        });
      }
      if (track.album !== null) {
        const album = track.album;
        const artist = track.albumArtist ?? undefined;
        items.push({
          label: `Don’t play the album “${album}”`,
          onSelect: () =>
            feedback.dontPlay(
              { kind: 'album', name: album, ...(artist === undefined ? {} : { artist }) },
              track,
            ),
        });
      }
    }
    element = (
      <ContextMenu
        label={many ? `Actions for ${tracksWord(target.count)}` : `Actions for ${track.title}`}
        anchor={open.anchor}
        onClose={close}
        items={items}
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
      <AddToPlaylistDialog trackIds={open.ids} what={open.what} onDone={notify} onClose={close} />
    );
  }

  const openMenu = useCallback(
    (target: MenuTarget, anchor: MenuAnchor) => setOpen({ kind: 'menu', target, anchor }),
    [],
  );
  return { openMenu, startRadio, element };
}
