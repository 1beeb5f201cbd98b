/**
 * "Reset learning": forget what a profile's listening taught the collaborative model (its saved
 * NeuMF models), and, when the person says so, the listening history itself. Music files, the
 * library, the audio model and explicit feedback (loves and bans) are never touched.
 */
import { rm, stat } from 'node:fs/promises';
import { libraryModelDir } from '../cf/library-model';
import type { EventLog } from '../events/event-log';

/** What a reset removed. */
export type LearningReset = Readonly<{
  profile: string;
  /** Whether a learned model existed and was removed. */
  modelsRemoved: boolean;
  /** Listening events deleted (0 when they were kept). */
  eventsRemoved: number;
}>;

export type ResetLearningOptions = Readonly<{
  dataDir: string;
  profile: string;
  log: EventLog;
  /** Keep the listening events, so a model can be learned from them again. */
  keepEvents: boolean;
}>;

/** Removes the profile's learned models and, unless `keepEvents`, its event log. */
export async function resetLearning(options: ResetLearningOptions): Promise<LearningReset> {
  const { dataDir, profile, log, keepEvents } = options;
  const modelDir = libraryModelDir(dataDir, profile);
  const modelsRemoved = (await stat(modelDir).catch(() => null)) !== null;
  await rm(modelDir, { recursive: true, force: true });
  let eventsRemoved = 0;
  // Loves and bans stay: they are what the person said, not what listening taught.
  if (!keepEvents) eventsRemoved = await log.forgetListening();
  return { profile, modelsRemoved, eventsRemoved };
}
