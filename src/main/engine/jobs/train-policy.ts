/** When a scan with `train: 'auto'` follows up with fine-tuning the audio model. */
import { libraryModelDir, readModelStamp } from '../embed/weights';
import type { LibraryStore } from '../store/library-store';

/** Whether a scan may start training afterwards. */
export type TrainPolicy = 'auto' | 'never';

/** The thresholds of {@link trainingDue}. */
export type AutoTrainRule = Readonly<{
  /** Tracks analysed (new or changed files) since the library's model was trained. */
  minNewTracks: number;
  /** Analysed tracks in the library. */
  minTracks: number;
}>;

/**
 * Train once 50 tracks are new since the last training and the library has 100 in all. Fewer
 * than 100 tracks give a contrastive batch too few negatives and let the model memorise the
 * library (on the dev corpus even 183 tracks are little data: docs/audio-training.md); 50 new
 * tracks keep a growing library from retraining after every album, while an epoch over 2,000
 * tracks costs under a minute on wasm.
 */
export const DEFAULT_AUTO_TRAIN_RULE: AutoTrainRule = { minNewTracks: 50, minTracks: 100 };

/** Where the library stands against the rule. */
export type TrainingCheck = Readonly<{
  due: boolean;
  /** Analysed tracks. */
  tracks: number;
  /** Of which analysed after the library's model was saved (all of them before any training). */
  newTracks: number;
  /** The rule checked. */
  rule: AutoTrainRule;
}>;

/**
 * Compares the library with `rule`. A track counts as new when it was analysed after the
 * library's own model was saved: a cancelled or failed run saves nothing, so the next scan
 * tries again (and resumes from the checkpoint).
 */
export async function trainingDue(
  store: LibraryStore,
  rule: AutoTrainRule = DEFAULT_AUTO_TRAIN_RULE,
): Promise<TrainingCheck> {
  const stamp = await readModelStamp(libraryModelDir(store.dataDir));
  // Counted by the store, not read: the app asks after every scan of a library of any size.
  const tracks = await store.analysedCount();
  // A model without a readable time counts as none: every track is new to it.
  const since = stamp === null ? NaN : Date.parse(stamp.createdAt);
  const newTracks = Number.isFinite(since) ? await store.analysedCount(since) : tracks;
  return {
    due: newTracks >= rule.minNewTracks && tracks >= rule.minTracks,
    tracks,
    newTracks,
    rule,
  };
}
