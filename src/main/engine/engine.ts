import { isAbsolute, resolve } from 'node:path';
import type { BackendName } from '../../shared/library';
import {
  DEFAULT_PROFILE,
  describeIssues,
  profileNameSchema,
  type EventDraft,
  type ListeningEvent,
} from '../../shared/events';
import { acquireDataLock } from './data-lock';
import { EventError } from './events/event-error';
import { EventLog, type ImportResult } from './events/event-log';
import { AudioEmbedder } from './embed/embedder';
import { AnalysisPool } from './jobs/analysis-pool';
import { runScan, type ScanOptions, type ScanSummary } from './jobs/scan-job';
import { LibraryStore } from './store/library-store';
import type { StoredTrack } from './store/types';

export type EngineOptions = Readonly<{
  dataDir: string;
  /** An ffmpeg binary to use instead of FFMPEG_PATH or the bundled one. */
  ffmpegPath?: string | null;
  /** Folder holding models/audio-cnn; default: the app's resources. */
  resourcesDir?: string;
  /** Analysis worker threads; default: one per core. */
  workers?: number;
}>;

export type EngineStatus = Readonly<{
  dataDir: string;
  folders: string[];
  total: number;
  analysed: number;
  failed: number;
  backend: BackendName;
  nativeAcceleration: boolean;
  modelVersion: string;
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

/** A caller asked for something that does not exist; hosts show the message as it is. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/**
 * The engine: one object that the CLI, the tests, the Electron engine process and the web mode
 * all drive. Hosts adapt transport, never logic.
 */
export class Engine {
  private embedder: Promise<AudioEmbedder> | null = null;
  private readonly logs = new Map<string, EventLog>();

  private constructor(
    readonly store: LibraryStore,
    private readonly options: EngineOptions,
  ) {}

  static async open(options: EngineOptions): Promise<Engine> {
    return new Engine(await LibraryStore.open(options.dataDir), options);
  }

  /** The audio model on the best backend here, loaded once on first use. */
  audioEmbedder(): Promise<AudioEmbedder> {
    this.embedder ??= AudioEmbedder.create({ resourcesDir: this.options.resourcesDir });
    return this.embedder;
  }

  async scan(
    folders: readonly string[],
    options: Omit<ScanOptions, 'folders'> = {},
  ): Promise<ScanSummary> {
    const release = await acquireDataLock(this.store.dataDir);
    try {
      const embedder = await this.audioEmbedder();
      const pool = new AnalysisPool({
        workers: this.options.workers,
        ffmpegPath: this.options.ffmpegPath,
      });
      try {
        return await runScan({ store: this.store, embedder, pool }, { folders, ...options });
      } finally {
        await pool.close();
      }
    } finally {
      await release();
    }
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

  async close(): Promise<void> {
    for (const log of this.logs.values()) await log.close();
    this.logs.clear();
    const embedder = this.embedder;
    this.embedder = null;
    if (embedder) (await embedder).dispose();
    await this.store.close();
  }
}
