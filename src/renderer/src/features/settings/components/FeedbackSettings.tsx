import type { JSX } from 'react';
import type { FeedbackEntry, FeedbackTarget } from '../../../../../shared/feedback';
import { useApi } from '../../../lib/api';
import { messageOf } from '../../common/errors';
import { useAsync } from '../../common/hooks/use-async';
import { useFeedback } from '../../feedback/feedback-store';
import { useNotify } from '../../screens/hooks/use-notify';

/** How a piece of feedback reads in the list. */
function describe(entry: FeedbackEntry): string {
  const { target } = entry;
  switch (target.kind) {
    case 'track': {
      const track = entry.track;
      if (track === null || track === undefined) return 'A track no longer in the library';
      return [track.title, track.artist].filter(Boolean).join(' — ');
    }
    case 'artist':
      return `Anything by ${target.name}`;
    case 'album':
      return `The album “${target.name}”${target.artist === undefined ? '' : ` by ${target.artist}`}`;
  }
}

const keyOf = (target: FeedbackTarget): string => JSON.stringify(target);

/** The loved tracks and what not to play, each with its undo. */
export function FeedbackSettings(): JSX.Element {
  const api = useApi();
  const [store] = useFeedback();
  const notify = useNotify();
  const list = useAsync(() => api.feedback.list({}), [api]);

  const undo = (entry: FeedbackEntry): void => {
    store
      .change(entry.target, 'none')
      .then(() => {
        notify(`Undone: ${describe(entry)}.`);
        list.reload();
      })
      .catch((error: unknown) => notify(`Not undone: ${messageOf(error)}`));
  };

  const section = (
    title: string,
    entries: readonly FeedbackEntry[] | undefined,
    empty: string,
    action: string,
  ): JSX.Element => (
    <div className="feedback-group">
      <h4>{title}</h4>
      {entries === undefined && <p className="muted">Loading…</p>}
      {entries?.length === 0 && <p className="muted">{empty}</p>}
      {/* The list appears with its entries, so nothing reads an empty list while they load. */}
      {entries !== undefined && entries.length > 0 && (
        <ul className="folder-list" aria-label={title}>
          {entries.map((entry) => (
            <li key={keyOf(entry.target)}>
              <span>{describe(entry)}</span>
              <button
                type="button"
                aria-label={`${action}: ${describe(entry)}`}
                onClick={() => undo(entry)}
              >
                {action}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );

  return (
    <section className="card" aria-labelledby="feedback-title">
      <h3 id="feedback-title">Loved, and not to play</h3>
      {list.error !== null && <p className="error">{list.error}</p>}
      {section(
        'Loved',
        list.value?.loved,
        'Nothing yet: the heart in the player bar loves the track playing.',
        'Unlove',
      )}
      {section(
        'Not played',
        list.value?.banned,
        'Nothing: “Don’t play this” in a track’s menu keeps it (or its artist, or its album) out of radios, mixes and shuffle.',
        'Play again',
      )}
    </section>
  );
}
