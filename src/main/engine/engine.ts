import { isAbsolute, resolve } from 'node:path';
import type { PlaybackInfo } from '../../shared/api-contract-media';
import type { EngineStatus } from '../../shared/api-types';
import {
  DEFAULT_PROFILE,
  describeIssues,
  profileNameSchema,
  type EventDraft,
  type ListeningEvent,
} from '../../shared/events';
import { trainProfileCf, type CfJobSummary, type CfProgress } from './cf/cf-job';
import { datasetFeedback } from './cf/dataset-feedback';
import { HybridTasteSource } from './cf/hybrid-taste';
import type { TasteSource } from './cf/session-taste';
import { acquireDataLock } from './data-lock';
import { EventError } from './events/event-error';
import { EventLog, type ImportResult } from './events/event-log';
import { feedbackList } from './events/feedback-list';
import type { HistoryFormat } from './history/history-entry';
import { importHistory, type HistoryImportReport } from './history/import-history';
import type { LibraryTrack } from './history/match-tracks';
import { targetKey, type FeedbackState } from './events/feedback-state';
import type { AudioEmbedder } from './embed/embedder';
import {
  AudioJobs,
  type AudioScanOptions,
  type AudioScanSummary,
  type BackgroundTraining,
  type TrainAudioOptions,
  type TrainAudioSummary,
} from './jobs/audio-jobs';
import { LibraryStore } from './store/library-store';
import { resetLearning, type LearningReset } from './learning/reset-learning';
import { LibraryProjector, type LibraryProjection } from './projection/library-projection';
import { repairLibrary, type RepairOptions, type RepairSummary } from './repair/repair-library';
import { SavedPlaylists } from './playlists/saved-playlists';
import { ABSOLUTE_BASE, Playlists, type PlaylistImport } from './recommend/playlists';
import { Recommender } from './recommend/recommender';
import type {
  ContinueRequest,
  Mix,
  MixesRequest,
  MixMembership,
  PathRequest,
  PlaylistEntry,
  RadioRequest,
  RequestOptions,
  RerankRequest,
  RerankResult,
} from './recommend/types';
import { SettingsFile } from './settings/settings-file';
import type { StoredTrack } from './store/types';
import type { FeedbackList, FeedbackTarget, FeedbackValue } from '../../shared/feedback';

export type EngineOptions = Readonly<{
  dataDir: string;
  /** An ffmpeg binary to use instead of FFMPEG_PATH or the bundled one. */
  ffmpegPath?: string | null;
  /** Folder holding models/audio-cnn; default: the app's resources. */
  resourcesDir?: string;
  /** Analysis worker threads; default: one per core. */
  workers?: number;
}>;

/** One entry of a "similar tracks" answer. */
export type SimilarEntry = Readonly<{
  id: string;
  path: string;
  title: string;
  artist: string | null;
  album: string | null;
  score: number;
}>;

/** Options of {@link Engine.trainCf}. */
export type TrainCfOptions = Readonly<{
  /** The local profile (default "default"). */
  profile?: string;
  /** Epochs to run (default: 10 from scratch, 6 from the last model). */
  epochs?: number;
  signal?: AbortSignal;
  /** Epochs done of the run's total, at most 10 a second. */
  onProgress?: (progress: CfProgress) => void;
  /** Fit the cold-start bridge (cf/bridge.ts); cf/cf-job.ts BRIDGE_IN_BLEND by default. */
  bridge?: boolean;
}>;

/** What {@link Engine.setFeedback} did. */
export type FeedbackSet = Readonly<{
  target: FeedbackTarget;
  value: FeedbackValue;
  /** False when the target already stood so (nothing was written). */
  changed: boolean;
}>;

/** A caller asked for something that does not exist; hosts show the message as it is. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/**
 * The engine: one object that the CLI, the tests, the Electron engine process and the web mode
 * all drive. Hosts adapt transport, never logic.
 */
export class Engine {
  private readonly logs = new Map<string, EventLog>();
  private readonly tastes = new Map<string, TasteSource>();
  private readonly cfRuns = new Map<string, Promise<CfJobSummary>>();
  private readonly audio: AudioJobs;
  private recommender: Recommender | null = null;
  private projector: LibraryProjector | null = null;
  private settingsFile: SettingsFile | null = null;

  private constructor(
    readonly store: LibraryStore,
    private readonly options: EngineOptions,
  ) {
    this.audio = new AudioJobs({ store, ...options });
  }

  static async open(options: EngineOptions): Promise<Engine> {
    return new Engine(await LibraryStore.open(options.dataDir), options);
  }

  /**
   * Checks the library database and, when it is damaged, moves it aside and rebuilds it from the
   * music files and the mel cache (repair/repair-library.ts). Events and playlists stay as they
   * are. Opens no engine on a healthy library.
   */
  static repair(options: EngineOptions & Omit<RepairOptions, 'dataDir'>): Promise<RepairSummary> {
    return repairLibrary(options, (dataDir) => Engine.open({ ...options, dataDir }));
  }

  /** Artwork, loudness and duration of tracks, for the player; unknown ids are left out. */
  playback(ids: readonly string[]): Promise<PlaybackInfo[]> {
    return this.store.playback(ids);
  }

  /** The active audio model (the library's fine-tuned one, else the shipped one), loaded once. */
  audioEmbedder(): Promise<AudioEmbedder> {
    return this.audio.embedder();
  }

  /**
   * Scans music folders into the library (jobs/audio-jobs.ts): re-embeds from the mel cache what
   * an older model made, analyses new and changed files, and with `train: 'auto'` may start
   * fine-tuning in the background (`training` in the result).
   */
  scan(folders: readonly string[], options: AudioScanOptions = {}): Promise<AudioScanSummary> {
    return this.audio.scan(folders, options);
  }

  /** Fine-tunes the audio model on the library, switches to it and re-embeds the library. */
  trainAudio(options: TrainAudioOptions = {}): Promise<TrainAudioSummary> {
    return this.audio.train(options);
  }

  /** The training run a scan started in the background, while it runs. */
  get audioTraining(): BackgroundTraining | null {
    return this.audio.training;
  }

  async status(): Promise<EngineStatus> {
    const [counts, folders, embedder] = await Promise.all([
      this.store.counts(),
      this.store.getFolders(),
      this.audioEmbedder(),
    ]);
    return {
      dataDir: this.store.dataDir,
      folders,
      ...counts,
      backend: embedder.backend.name,
      nativeAcceleration: embedder.backend.nativeInstalled,
      modelVersion: embedder.version,
    };
  }

  /** A track by id, or by the path of its file (relative paths resolve from the cwd). */
  async findTrack(ref: string): Promise<StoredTrack> {
    const byId = /^[0-9a-f]{16}$/.test(ref) ? await this.store.getTrack(ref) : null;
    const track = byId ?? (await this.store.findByPath(isAbsolute(ref) ? ref : resolve(ref)));
    if (!track) throw new NotFoundError(`unknown track: ${ref}`);
    return track;
  }

  /** The `n` tracks nearest to `ref` by audio embedding, best first, `ref` itself excluded. */
  async similar(ref: string, n: number): Promise<SimilarEntry[]> {
    const seed = await this.findTrack(ref);
    if (seed.status !== 'analysed') {
      throw new NotFoundError(
        `track has no audio embedding (${seed.error ?? 'not analysed'}): ${ref}`,
      );
    }
    const hits = await this.store.similar(seed.id, n);
    return hits.map(({ track, score }) => ({
      id: track.id,
      path: track.path,
      title: track.title,
      artist: track.artist,
      album: track.album,
      score,
    }));
  }

  /** The listening-event log of a local profile. */
  eventLog(profile: string = DEFAULT_PROFILE): EventLog {
    let log = this.logs.get(profile);
    if (!log) {
      const name = profileNameSchema.safeParse(profile);
      if (!name.success)
        throw new EventError(`bad profile name "${profile}": ${describeIssues(name.error)}`);
      log = new EventLog({ dataDir: this.store.dataDir, profile });
      this.logs.set(profile, log);
    }
    return log;
  }

  /**
   * Records one listening event for a track named by id or path; the duration defaults to the
   * track's own. Resolves once the event is durable.
   */
  async recordEvent(
    input: Omit<EventDraft, 'track' | 'durationMs'> &
      Readonly<{ track: string; durationMs?: number; profile?: string }>,
  ): Promise<ListeningEvent> {
    const { track: ref, profile, durationMs, ...rest } = input;
    const track = await this.findTrack(ref);
    const duration =
      durationMs ?? (track.durationSec ? Math.round(track.durationSec * 1000) : null);
    if (duration === null) throw new EventError(`the track's duration is unknown; give it: ${ref}`);
    return this.eventLog(profile).record({ ...rest, track: track.id, durationMs: duration });
  }

  /** Imports a JSON Lines file of events whose tracks are ids or paths. */
  importEvents(file: string, profile?: string): Promise<ImportResult> {
    return this.eventLog(profile).importFile(file, async (ref) => (await this.findTrack(ref)).id);
  }

  /**
   * Loves or bans a track (by id or path), bans an artist or an album, or undoes one (`none`),
   * in the profile's event log (shared/feedback.ts). Durable when it resolves.
   * @throws NotFoundError for an unknown track; EventError for an artist tag that names no one.
   */
  async setFeedback(
    input: Readonly<{ profile?: string; target: FeedbackTarget; value: FeedbackValue }>,
  ): Promise<FeedbackSet> {
    const { target: given, value, profile } = input;
    const target: FeedbackTarget =
      given.kind === 'track' ? { kind: 'track', id: (await this.findTrack(given.id)).id } : given;
    if (targetKey(target) === null) {
      const artist =
        target.kind === 'album' ? target.artist : target.kind === 'artist' ? target.name : '';
      throw new EventError(`"${artist}" names no single artist: ban its albums or tracks instead`);
    }
    const record = await this.eventLog(profile).setFeedback({ target, value });
    return { target, value, changed: record !== null };
  }

  /** The profile's standing feedback: `loved(id)`, `excluded(track)`, the records. */
  feedback(profile?: string): Promise<FeedbackState> {
    return this.eventLog(profile).feedback();
  }

  /** The standing feedback as the Settings list shows it, newest first. */
  async feedbackList(profile?: string): Promise<FeedbackList> {
    return feedbackList(await this.feedback(profile), (id) => this.store.getTrack(id));
  }

  /**
   * Imports a listening history from another app (history/import-history.ts): the file's
   * text, matched to the library; with `write: false` a preview that writes nothing.
   * @throws EventError with the line at fault for a bad file (nothing is written then).
   */
  async importHistory(
    input: Readonly<{
      text: string;
      fileName: string;
      format?: HistoryFormat;
      profile?: string;
      write: boolean;
    }>,
  ): Promise<HistoryImportReport> {
    const { profile, ...rest } = input;
    return importHistory({ ...rest, log: this.eventLog(profile), library: await this.allTracks() });
  }

  /** Every track of the library with the tags history matching needs, from the listing. */
  private async allTracks(): Promise<LibraryTrack[]> {
    const tracks: LibraryTrack[] = [];
    const page = { limit: 5000, sort: 'title', direction: 'asc', search: '' } as const;
    for (let offset = 0; ; offset += page.limit) {
      const { rows, total } = await this.store.listTracks({ ...page, offset });
      tracks.push(...rows);
      if (rows.length === 0 || offset + rows.length >= total) return tracks;
    }
  }

  /**
   * Trains the profile's NeuMF from its listening events (cf/cf-job.ts) under the data folder's
   * lock: warm-started from its last model, and only when events arrived since.
   * @throws EventError when no event carries a signal (nothing to learn from).
   */
  async trainCf(options: TrainCfOptions = {}): Promise<CfJobSummary> {
    const { profile = DEFAULT_PROFILE, ...rest } = options;
    // One run per profile at a time: each run prunes the model versions it did not save.
    const before = this.cfRuns.get(profile) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(() => this.trainCfNow(profile, rest));
    this.cfRuns.set(profile, run);
    try {
      return await run;
    } finally {
      if (this.cfRuns.get(profile) === run) this.cfRuns.delete(profile);
    }
  }

  private async trainCfNow(
    profile: string,
    rest: Omit<TrainCfOptions, 'profile'>,
  ): Promise<CfJobSummary> {
    const { events } = await this.eventLog(profile).readAll();
    const feedback = await datasetFeedback(
      await this.feedback(profile),
      new Set(events.map((e) => e.track)),
      async (ids) => (await this.store.analysedTracks()).filter((t) => ids.has(t.id)),
    );
    const release = await acquireDataLock(this.store.dataDir);
    try {
      const summary = await trainProfileCf({
        dataDir: this.store.dataDir,
        profile,
        events,
        feedback,
        // The bridge learns from the vectors of the model most of the library has.
        audio: async () => {
          const versions = [...(await this.store.modelVersions())].sort((a, b) => b[1] - a[1]);
          const model = versions[0]?.[0];
          return model === undefined ? new Map() : this.store.vectorsOf(model);
        },
        ...rest,
      });
      if (summary === null) {
        throw new EventError(
          `no plays, partial plays, skips, loves or bans to learn from in profile "${profile}": record some with "deepcut events add" or "events import"`,
        );
      }
      return summary;
    } finally {
      await release();
    }
  }

  /**
   * The recommender's view of a profile's taste, one per profile: NeuMF fused with the tracks
   * played in the same sessions, loves and bans read as they stand (cf/hybrid-taste.ts).
   */
  tasteSource(profile: string = DEFAULT_PROFILE): TasteSource {
    // Opening the profile's event log checks its name, which also names the model's folder.
    this.eventLog(profile);
    let source = this.tastes.get(profile);
    if (!source) {
      source = new HybridTasteSource(this.store.dataDir, profile, {
        feedback: async () => (await this.feedback(profile)).trackIds(),
      });
      this.tastes.set(profile, source);
    }
    return source;
  }

  /** Radio, paths, mixes and live re-ranking (recommend/), built on first use. */
  private recommend(): Recommender {
    this.recommender ??= new Recommender({
      store: this.store,
      eventLog: (profile) => this.eventLog(profile),
      tasteSource: (profile) => this.tasteSource(profile),
      resolveTrack: async (ref) => (await this.findTrack(ref)).id,
    });
    return this.recommender;
  }

  /** A radio from seed tracks (path or id), albums or artists: recommend/radio.ts. */
  radio(request: RadioRequest): Promise<PlaylistEntry[]> {
    return this.recommend().radio(request);
  }

  /** A path from one track to another in small steps of sound: recommend/track-path.ts. */
  path(request: PathRequest): Promise<PlaylistEntry[]> {
    return this.recommend().path(request);
  }

  /** 4–8 named mixes of what the profile plays (or of the library): recommend/mixes.ts. */
  mixes(request: MixesRequest = {}): Promise<Mix[]> {
    return this.recommend().mixes(request);
  }

  /** The rest of a queue re-ranked after a skip: recommend/rerank.ts. */
  rerankAfterSkip(request: RerankRequest): Promise<RerankResult> {
    return this.recommend().rerankAfterSkip(request);
  }

  /** The next tracks of an endless radio, mix or path: recommend/continuation.ts. */
  continueQueue(request: ContinueRequest): Promise<PlaylistEntry[]> {
    return this.recommend().continueQueue(request);
  }

  /** Which mix each analysed track belongs to (the discover map's colour by mix). */
  mixMembership(request: RequestOptions = {}): Promise<MixMembership> {
    return this.recommend().mixMembership(request);
  }

  /** Saved playlists and M3U8 export and import: recommend/playlists.ts. */
  playlists(): Playlists {
    return new Playlists({
      dataDir: this.store.dataDir,
      library: this.store,
      snapshot: () => this.recommend().snapshot(),
    });
  }

  /** Saved playlists as the app edits them: open, save, rename, delete (playlists/). */
  savedPlaylists(): SavedPlaylists {
    return new SavedPlaylists(this.store.dataDir, this.store);
  }

  /** A saved playlist as M3U8 text with absolute paths, for a host that offers it as a download. */
  exportPlaylistText(name: string): Promise<Readonly<{ text: string; tracks: number }>> {
    return this.playlists().exportText(name);
  }

  /** Saves the library tracks of M3U text that came without its file (absolute paths, tags). */
  importPlaylistText(text: string, name: string): Promise<PlaylistImport> {
    return this.playlists().importText(text, ABSOLUTE_BASE, name);
  }

  /** The app's settings in `<data>/settings.json`; one writer, so changes never cross. */
  settings(): SettingsFile {
    this.settingsFile ??= new SettingsFile(this.store.dataDir);
    return this.settingsFile;
  }

  /** The discover map: every analysed track at a 2D point, cached (projection/). */
  async projection(): Promise<LibraryProjection> {
    this.projector ??= new LibraryProjector(this.store.dataDir);
    return this.projector.project(await this.recommend().snapshot());
  }

  /** Forgets a profile's learned taste and, unless `keepEvents`, its listening history. */
  resetLearning(
    options: Readonly<{ profile?: string; keepEvents: boolean }>,
  ): Promise<LearningReset> {
    const profile = options.profile ?? DEFAULT_PROFILE;
    this.tastes.delete(profile);
    const { dataDir } = this.store;
    const log = this.eventLog(profile);
    return resetLearning({ dataDir, profile, log, keepEvents: options.keepEvents });
  }

  async close(): Promise<void> {
    for (const log of this.logs.values()) await log.close();
    this.logs.clear();
    await this.audio.close();
    await this.store.close();
  }
}
