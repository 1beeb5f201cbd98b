/**
 * Background learning as the screens see it: the runs going on (the taste model, the audio
 * model), kept current from the engine's events, how the last one ended, and cancelling.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  LEARNING_JOBS,
  type LearningJob,
  type LearningOutcome,
  type LearningState,
} from '../../../../../shared/api-types';
import { useApi } from '../../../lib/api';

/** How long the end of a run stays on screen: long enough to read, never mistaken for news. */
const ENDED_SHOWN_MS = 8000;

type Runs = LearningState['running'];

/** A run that ended with news: trained, cancelled or failed. */
export type EndedRun = Readonly<{
  job: LearningJob;
  outcome: Exclude<LearningOutcome, Readonly<{ status: 'unchanged' }>>;
}>;

/** `run` in place of the run of its job, the runs in a stable order. */
function withRun(runs: Runs, run: Runs[number]): Runs {
  const rest = runs.filter((r) => r.job !== run.job);
  return [...rest, run].sort((a, b) => LEARNING_JOBS.indexOf(a.job) - LEARNING_JOBS.indexOf(b.job));
}

/** The background learning runs, the last one's end (for a while) and a way to cancel one. */
export function useLearning(): Readonly<{
  running: Runs;
  ended: EndedRun | null;
  cancel: (job: LearningJob) => Promise<void>;
}> {
  const api = useApi();
  const [running, setRunning] = useState<Runs>([]);
  const [ended, setEnded] = useState<EndedRun | null>(null);

  useEffect(() => {
    let live = true;
    const offProgress = api.on('learning:progress', (progress) =>
      setRunning((runs) => withRun(runs, { job: progress.job, progress })),
    );
    const offFinished = api.on('learning:finished', ({ job, outcome }) => {
      setRunning((runs) => runs.filter((r) => r.job !== job));
      // Nothing new to learn from is not news.
      if (outcome.status !== 'unchanged') setEnded({ job, outcome });
    });
    const offRestarted = api.on('engine:restarted', () => setRunning([]));
    // A page opened (or reloaded) mid-run picks it up where it is.
    api.learning
      .getState({})
      .then((state) => live && setRunning((runs) => (runs.length === 0 ? state.running : runs)))
      .catch(() => undefined);
    return () => {
      live = false;
      offProgress();
      offFinished();
      offRestarted();
    };
  }, [api]);

  useEffect(() => {
    if (ended === null) return;
    const timer = setTimeout(() => setEnded(null), ENDED_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [ended]);

  const cancel = useCallback(
    async (job: LearningJob) => {
      await api.learning.cancel({ job });
    },
    [api],
  );
  return { running, ended, cancel };
}
