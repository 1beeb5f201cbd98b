/**
 * The host's record of background learning (the taste model and the audio model): which runs go
 * on, how far each is, and the events that tell the renderer (`learning:progress`, throttled,
 * and `learning:finished`). The runs themselves belong to the scan controller (audio) and the
 * learning scheduler (taste); this only reports them, so `learning:get-state` has one answer.
 */
import type {
  LearningJob,
  LearningOutcome,
  LearningProgress,
  LearningState,
} from '../../shared/api-types';
import type { Emit } from './scan-controller';
import { Throttle } from './throttle';

/** What a run tells the record: how far it is, then how it ended (once). */
export type LearningReport = Readonly<{
  progress: (progress: Omit<LearningProgress, 'job'>) => void;
  finish: (outcome: LearningOutcome) => void;
}>;

type Entry = { progress: LearningProgress | null; readonly throttle: Throttle<LearningProgress> };

/** The background learning runs of one host. */
export class LearningRuns {
  private readonly runs = new Map<LearningJob, Entry>();

  constructor(private readonly emit: Emit) {}

  /**
   * Records a run of `job` starting. A run of the same job still recorded is superseded: its
   * later reports reach the renderer but no longer change the state.
   */
  begin(job: LearningJob): LearningReport {
    const entry: Entry = {
      progress: null,
      throttle: new Throttle<LearningProgress>((progress) => {
        if (this.runs.get(job) === entry) entry.progress = progress;
        this.emit('learning:progress', progress);
      }),
    };
    this.runs.set(job, entry);
    let finished = false;
    return {
      progress: (progress) => {
        if (!finished) entry.throttle.push({ job, ...progress });
      },
      finish: (outcome) => {
        if (finished) return;
        finished = true;
        // The last progress first, so a bar ends where the run did.
        entry.throttle.flush();
        if (this.runs.get(job) === entry) this.runs.delete(job);
        this.emit('learning:finished', { job, outcome });
      },
    };
  }

  /** The runs going on now. */
  state(): LearningState {
    return { running: [...this.runs].map(([job, { progress }]) => ({ job, progress })) };
  }
}
