/**
 * The engine behind the API: every channel's handler over one Engine, the scan controller, the
 * background learning, and media lookups. Both hosts use it as it is (Electron's engine process and `deepcut serve`), so
 * the API's logic lives once; they only carry messages.
 */
import type { ArgOf } from '../../shared/api-contract';
import type { AppMode } from '../../shared/api-types';
import { DEFAULT_PROFILE } from '../../shared/events';
import type { Engine } from '../engine/engine';
import type { AudioScanOptions } from '../engine/jobs/audio-jobs';
import { ApiFailure } from './api-errors';
import { createDispatcher, type Dispatch } from './dispatcher';
import { feedbackHandlers } from './feedback-handlers';
import { historyHandlers } from './history-handlers';
import { playerHandlers } from './player-handlers';
import { FolderWatch, type FolderWatchOptions } from './folder-watch';
import { addFolder, removeFolder } from './folders';
import { LearningRuns } from './learning-runs';
import { LearningScheduler, type LearningSchedule } from './learning-scheduler';
import type { MediaLookup } from './media/media-file';
import { lookupMedia, type MediaRequest } from './media/media-request';
import { ScanController, type Emit } from './scan-controller';
import { radioHandlers } from './radio-handlers';
import { uiHandlers } from './ui-handlers';
import {
  DEFAULT_NEIGHBOURS,
  recentHistory,
  similarOf,
  trackById,
  trackDetails,
  trackInfo,
} from './track-views';

/** Options for {@link createEngineHost}. */
export type EngineHostOptions = Readonly<{
  mode: AppMode;
  /** The app's version, reported by `app:get-info`. */
  version: string;
  /** Pushes events to the renderers this host serves. */
  emit: Emit;
  /** When the taste model learns from listening; default: after 5 events or 3 quiet minutes. */
  learning?: LearningSchedule;
  /** When and how a scan fine-tunes the audio model; default: the engine's rule. */
  autoTrain?: AudioScanOptions['autoTrain'];
  /**
   * The folder watch's timings; `enabled: false` never watches (default: the Settings switch,
   * on for a new library); `catchUp` scans the watched folders once at start, for what changed
   * while the app was closed (the app's hosts ask for it; tests and tools need not).
   */
  watch?: FolderWatchOptions & Readonly<{ enabled?: boolean; catchUp?: boolean }>;
}>;

/** An engine ready to answer calls. */
export type EngineHost = Readonly<{
  dispatch: Dispatch;
  /** The file a media request may read (a track's audio, its artwork), or why not (media/). */
  media: (request: MediaRequest) => Promise<MediaLookup>;
  /** Stops a running scan and background learning; the engine stays open (its owner closes it). */
  close: () => Promise<void>;
}>;

/** Rows per page when the caller does not say. */
const DEFAULT_PAGE = 100;

/** Builds the host over an open engine and starts reading the library list in the background. */
export function createEngineHost(engine: Engine, options: EngineHostOptions): EngineHost {
  const { emit } = options;
  const learning = new LearningRuns(emit);
  const watchAllowed = options.watch?.enabled !== false;
  const watch = new FolderWatch(
    {
      folders: () => engine.store.getFolders(),
      rescan: async (roots) => {
        try {
          await scans.start(roots);
          return true;
        } catch (error) {
          // Busy: tried again when the running scan ends. Anything else: the scan said why.
          return !(error instanceof ApiFailure && error.code === 'busy');
        }
      },
      changed: () => emit('library:changed', { reason: 'folders' }),
    },
    options.watch,
  );
  const scans = new ScanController(engine, {
    emit,
    learning,
    autoTrain: options.autoTrain,
    onFinished: () => watch.scanFinished(),
  });
  const settings = engine.settings();
  const rewatch = async (catchUp = false): Promise<void> => {
    const { watchFolders } = await settings.read();
    await watch.sync(watchAllowed && watchFolders, catchUp);
  };
  const scheduler = new LearningScheduler(engine, learning, options.learning);
  const whenIdle = (what: string): void => {
    if (scans.busy) throw new ApiFailure('busy', `wait for the scan to finish to ${what}`);
  };
  const listTracks = (arg: ArgOf<'library:list-tracks'>) =>
    engine.store.listTracks({
      offset: arg.offset ?? 0,
      limit: arg.limit ?? DEFAULT_PAGE,
      sort: arg.sort ?? 'title',
      direction: arg.direction ?? 'asc',
      search: arg.search ?? '',
    });

  const dispatch = createDispatcher({
    ...uiHandlers(engine),
    ...radioHandlers(engine),
    ...feedbackHandlers(engine, scheduler),
    ...historyHandlers(engine, scheduler),
    ...playerHandlers(engine),
    'app:get-info': async () => ({ mode: options.mode, version: options.version }),
    'engine:get-status': () => engine.status(),
    'library:list-tracks': listTracks,
    'library:get-track': async ({ id }) => trackInfo(engine, await trackById(engine, id)),
    'library:get-playback': ({ ids }) => engine.playback(ids),
    'library:get-track-details': ({ id, neighbours }) =>
      trackDetails(engine, id, neighbours ?? DEFAULT_NEIGHBOURS),
    'library:get-similar': async ({ id, limit }) =>
      (await engine.similar(id, limit ?? 20)).map(similarOf),
    'library:get-folders': () => engine.store.getFolders(),
    'library:add-folder': async ({ path }) => {
      whenIdle('add a folder');
      const folders = await addFolder(engine, path);
      emit('library:changed', { reason: 'folders' });
      await rewatch();
      return folders;
    },
    'library:remove-folder': async ({ path }) => {
      whenIdle('remove a folder');
      // Fine-tuning would go on re-embedding the tracks being removed; it resumes after a scan.
      await scans.stopTraining();
      whenIdle('remove a folder');
      const folders = await removeFolder(engine, path);
      emit('library:changed', { reason: 'folders' });
      await rewatch();
      return folders;
    },
    'library:get-folder-states': async () => watch.folderStates(),
    'settings:update-settings': async (change) => {
      const saved = await settings.update(change);
      if (change.watchFolders !== undefined) await rewatch();
      return saved;
    },
    'library:get-failures': () => engine.store.failures(),
    'scan:start': ({ folders }) => scans.start(folders),
    'scan:cancel': async () => scans.cancel(),
    'scan:get-state': async () => scans.state(),
    'events:record': async (arg) => {
      const event = await engine.recordEvent(arg);
      scheduler.recorded(arg.profile ?? DEFAULT_PROFILE);
      return event;
    },
    'events:list-recent': ({ track, limit, profile }) =>
      recentHistory(engine, { track, limit: limit ?? 100, profile }),
    'learning:get-state': async () => learning.state(),
    'learning:cancel': async ({ job }) => {
      const audio = job !== 'cf' && scans.cancelTraining();
      const cf = job !== 'audio' && scheduler.cancel();
      return { cancelled: audio || cf };
    },
    'learning:reset-learning': async ({ keepEvents }) => {
      // A run under way would save the very taste being forgotten.
      await scheduler.stop();
      return engine.resetLearning({ keepEvents });
    },
  });

  // The first page a person asks for should not wait for the snapshot of a large library.
  listTracks({}).catch(() => undefined);
  // What changed while the app was closed is picked up once, then changes as they happen.
  rewatch(options.watch?.catchUp === true).catch(() => undefined);

  return {
    dispatch,
    media: (request) => lookupMedia(engine.store, request),
    close: async () => {
      await watch.close();
      await Promise.all([scans.close(), scheduler.close()]);
    },
  };
}
