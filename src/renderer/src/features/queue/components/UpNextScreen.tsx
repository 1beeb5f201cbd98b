import { useState, type JSX } from 'react';
import { useApi } from '../../../lib/api';
import { formatDuration } from '../../../lib/format';
import { Notice } from '../../common/components/Notice';
import { PromptDialog } from '../../common/components/PromptDialog';
import { useReorder } from '../../common/hooks/use-reorder';
import { moved } from '../../common/moved';
import { totalDuration } from '../../player/queue-model';
import { usePlayer } from '../../player/use-player';
import { saveNewPlaylist } from '../../playlists/save-playlist';
import { useUi } from '../../screens/hooks/use-ui';
import { isNotableMove, useQueueNotes, type QueueNotesState } from '../queue-notes';
import { QueueItem } from './QueueItem';

function rerankSummary(state: QueueNotesState): string | null {
  if (state.skipped === null) return null;
  const notable = [...state.moves.values()].filter(isNotableMove);
  const up = notable.filter((m) => m > 0).length;
  const down = notable.length - up;
  const parts: string[] = [];
  if (up > 0) parts.push(`${up} moved up`);
  if (down > 0) parts.push(`${down} moved down`);
  if (state.dropped.length > 0) parts.push(`${state.dropped.length} removed`);
  if (parts.length === 0)
    return `Re-ranked after you skipped “${state.skipped}”: small changes only.`;
  return `Re-ranked after you skipped “${state.skipped}”: ${parts.join(', ')}.`;
}

/** "12 tracks · 48:10", with the tracks of unknown length said apart. */
function totalLine(count: number, seconds: number, unknown: number): string {
  const tracks = `${count} ${count === 1 ? 'track' : 'tracks'}`;
  const known = unknown === count ? '' : ` · ${formatDuration(seconds)}`;
  return `${tracks}${known}${unknown > 0 ? ` (${unknown} of unknown length)` : ''}`;
}

/**
 * The queue after the current track, each with why it is there and its length, and the total;
 * reorder by dragging, with the handle's arrow keys or the move buttons; play one now, remove,
 * clear, shuffle (and back), save the queue as a playlist. After a skip, tracks that moved more
 * than a few places are marked.
 */
export function UpNextScreen(): JSX.Element {
  const api = useApi();
  const ui = useUi();
  const [player, state] = usePlayer();
  const [, notes] = useQueueNotes();
  const [saving, setSaving] = useState(false);
  const current = state.queue[state.index];
  const upcoming = state.queue.slice(state.index + 1);
  const titles = upcoming.map((e) => e.track);

  const { list, move, onHandleKey, startDrag, drop, announcement, announce } = useReorder(
    titles,
    (from, to) => player.setUpcoming(moved(upcoming, from, to)),
  );
  const remove = (index: number): void => {
    const entry = upcoming[index];
    player.setUpcoming(upcoming.filter((_, i) => i !== index));
    announce(`Removed “${entry?.track.title ?? ''}” from Up next.`);
  };

  const summary = rerankSummary(notes);
  const total = totalDuration(current === undefined ? [] : [current, ...upcoming]);
  return (
    <section className="screen queue-screen" aria-labelledby="queue-title">
      <div className="screen-head">
        <h2 id="queue-title">Up next</h2>
        {current !== undefined && (
          <div className="toolbar">
            <span className="muted" data-testid="queue-total">
              {totalLine(upcoming.length + 1, total.seconds, total.unknown)}
            </span>
            <button
              type="button"
              aria-pressed={state.shuffled}
              disabled={upcoming.length < 2 && !state.shuffled}
              onClick={() => {
                player.toggleShuffle();
                announce(state.shuffled ? 'Up next is back in order.' : 'Up next is shuffled.');
              }}
            >
              {state.shuffled ? 'Unshuffle' : 'Shuffle'}
            </button>
            <button
              type="button"
              disabled={upcoming.length === 0}
              onClick={() => {
                player.clearUpcoming();
                announce('Up next is empty; the current track plays on.');
              }}
            >
              Clear
            </button>
            <button type="button" onClick={() => setSaving(true)}>
              Save as playlist…
            </button>
          </div>
        )}
      </div>
      {current === undefined ? (
        <Notice kind="empty" title="Nothing is playing.">
          Double-click a track in the Library, or open its menu (right-click, or Shift+F10) and
          choose Start radio: what follows appears here with the reason for each track.
        </Notice>
      ) : (
        <div className="screen-body">
          <div className="now-card">
            <span className="eyebrow">Now playing</span>
            <strong>{current.track.title}</strong>
            <span className="muted">
              {[current.track.artist, current.track.album].filter(Boolean).join(' — ')}
            </span>
            <span className="why">{notes.notes.get(current.track.id)?.why ?? 'you chose it'}</span>
          </div>
          <p className="rerank-note" role="status">
            {summary ?? ''}
          </p>
          {upcoming.length === 0 ? (
            <Notice kind="empty" title="Nothing after this track.">
              Start a radio from any track to keep the music going, or add tracks from the Library
              (their menu: Play next, Add to queue).
            </Notice>
          ) : (
            <ol ref={list} className="queue-list" aria-label="Up next">
              {upcoming.map((entry, i) => {
                const places = notes.moves.get(entry.track.id) ?? 0;
                return (
                  <QueueItem
                    key={entry.key}
                    track={entry.track}
                    index={i}
                    last={i === upcoming.length - 1}
                    why={notes.notes.get(entry.track.id)?.why ?? 'next in the list you played'}
                    moves={isNotableMove(places) ? places : 0}
                    onMove={move}
                    onRemove={remove}
                    onPlay={() => player.jumpTo(state.index + 1 + i)}
                    onHandleKey={onHandleKey}
                    onDetails={() => ui.showTrack(entry.track.id)}
                    onDragStart={() => startDrag(i)}
                    onDrop={(event) => drop(event, i)}
                  />
                );
              })}
            </ol>
          )}
          {notes.dropped.length > 0 && (
            <p className="muted">Left out after the skip: {notes.dropped.join(', ')}.</p>
          )}
        </div>
      )}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {saving && (
        <PromptDialog
          title="Save the queue as a playlist"
          label="Playlist name"
          initial={
            current === undefined ? 'Queue' : `Queue from ${current.track.title}`.slice(0, 200)
          }
          submitLabel="Save"
          onClose={() => setSaving(false)}
          onSubmit={async (name) => {
            const ids = state.queue.slice(Math.max(0, state.index)).map((e) => e.track.id);
            await saveNewPlaylist(api, name, 'manual', ids);
            ui.notify(`Saved “${name}”: ${ids.length} tracks.`);
          }}
        />
      )}
    </section>
  );
}
