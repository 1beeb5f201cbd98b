import { useEffect, useRef, type JSX } from 'react';
import type { LearningJob, LearningProgress } from '../../../../../shared/api-types';
import { formatCount } from '../../../lib/format';
import { useLearning, type EndedRun } from '../hooks/use-learning';

/** What a run does now, in words; no count, so a screen reader hears it once, not per step. */
function activity(job: LearningJob, progress: LearningProgress | null): string {
  if (job === 'cf') return 'Learning from your listening…';
  switch (progress?.step) {
    case 'mels':
      return 'Preparing tracks for the audio model…';
    case 're-embed':
      return 'Updating the library with the fine-tuned audio model…';
    default:
      return 'Fine-tuning the audio model…';
  }
}

/** What the Cancel button of a run stops, for its accessible name. */
const WHAT = { cf: 'learning from your listening', audio: 'fine-tuning the audio model' } as const;

function endedMessage({ job, outcome }: EndedRun): string {
  switch (outcome.status) {
    case 'trained':
      return job === 'cf'
        ? 'Learned from your listening: recommendations now follow it.'
        : 'The audio model is now fine-tuned to your library.';
    case 'cancelled':
      // Not "the model in use stays" for audio: a run stopped while re-embedding has switched.
      return job === 'cf'
        ? 'Stopped learning from your listening; recommendations keep what was learned before.'
        : 'Fine-tuning stopped; the next scan carries on from where it stopped.';
    case 'failed':
      return `${job === 'cf' ? 'Learning from your listening' : 'Fine-tuning the audio model'} failed: ${outcome.message}`;
  }
}

/**
 * What Deepcut is learning in the background, with how far it is and a Cancel button per run,
 * then for a few seconds how the last run ended. Nothing while it learns nothing.
 */
export function LearningStatus(): JSX.Element | null {
  const { running, ended, cancel } = useLearning();
  const endedRef = useRef<HTMLParagraphElement>(null);
  // Set when Cancel is pressed: its row goes away, so focus moves to the message that follows.
  const focusEnded = useRef(false);

  useEffect(() => {
    if (ended === null || !focusEnded.current) return;
    focusEnded.current = false;
    endedRef.current?.focus();
  }, [ended]);

  if (running.length === 0 && ended === null) return null;
  return (
    <section className="learning-status" aria-label="Background learning">
      {running.map(({ job, progress }) => {
        const counted = progress !== null && progress.total > 0;
        return (
          <div className="learning-run" key={job}>
            <span role="status">{activity(job, progress)}</span>
            {counted && (
              <span className="muted">
                {formatCount(progress.done)}/{formatCount(progress.total)}
              </span>
            )}
            <progress
              aria-label={`Progress of ${WHAT[job]}`}
              max={counted ? progress.total : 1}
              // No value before the first report: an indeterminate bar.
              value={counted ? progress.done : undefined}
            />
            <button
              type="button"
              aria-label={`Cancel ${WHAT[job]}`}
              onClick={() => {
                focusEnded.current = true;
                cancel(job).catch(() => {
                  focusEnded.current = false;
                });
              }}
            >
              Cancel
            </button>
          </div>
        );
      })}
      {ended !== null && (
        <p role="status" tabIndex={-1} ref={endedRef}>
          {endedMessage(ended)}
        </p>
      )}
    </section>
  );
}
