import type { JSX } from 'react';
import type { TrackRow } from '../../../../shared/api-types';
import { Icon } from '../../app/icons';
import { useFeedbackActions } from './use-feedback-actions';

/** Love (a toggle) and "Don't play this" for one track. */
export function FeedbackButtons(props: Readonly<{ track: TrackRow }>): JSX.Element {
  const { track } = props;
  const feedback = useFeedbackActions();
  const loved = feedback.loved(track.id);
  return (
    <span className="feedback-buttons">
      <button
        type="button"
        className={`icon-button love${loved ? ' on' : ''}`}
        aria-label={`Love “${track.title}”`}
        aria-pressed={loved}
        onClick={() => feedback.toggleLove(track)}
      >
        <Icon name={loved ? 'love' : 'loveOutline'} />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={`Don’t play “${track.title}” again`}
        onClick={() => feedback.dontPlay({ kind: 'track', id: track.id }, track)}
      >
        <Icon name="ban" />
      </button>
    </span>
  );
}
