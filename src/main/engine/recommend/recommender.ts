/**
 * The recommender the engine exposes: resolves seeds, keeps the in-memory library snapshot, the
 * profile's history and the session's taste current, and turns scored tracks into entries.
 * Radio, paths, mixes, re-ranking and continuations live in their own modules; this one only
 * wires them.
 */
import { isAbsolute, resolve } from 'node:path';
import type { SessionSignal, SessionTaste, TasteSource } from '../cf/session-taste';
import type { EventLog } from '../events/event-log';
import type { LibraryStore } from '../store/library-store';
import { continueQueue, type ResolvedOrigin } from './continuation';
import type { TrackFeedback } from './feedback-view';
import type { ListeningHistory } from './history';
import { HistoryReader } from './history-reader';
import { LibrarySnapshot, type SnapshotTrack } from './library-snapshot';
import { mixGroups, mixes as buildMixes, type MixGroups } from './mixes';
import { CLOSE_RANK } from './neighbourhood';
import { radio, type RadioPlan } from './radio';
import { reasonParts, sentence } from './reasons';
import { RecommendError } from './recommend-error';
import { rerankQueue } from './rerank';
import type { Scored } from './scoring';
import { resolveSeeds } from './seeds';
import type { Sources } from './sources';
import { trackPath } from './track-path';
import {
  DEFAULT_ADVENTUROUS,
  DEFAULT_CONTINUE_COUNT,
  DEFAULT_MIX_COUNT,
  DEFAULT_PATH_COUNT,
  DEFAULT_RADIO_COUNT,
  type ContinueRequest,
  type Mix,
  type MixesRequest,
  type MixMembership,
  type PathRequest,
  type PlaylistEntry,
  type RadioRequest,
  type RequestOptions,
  type RerankRequest,
  type RerankResult,
} from './types';

export type RecommenderOptions = Readonly<{
  store: LibraryStore;
  eventLog: (profile: string | undefined) => EventLog;
  /** The collaborative model of a profile, or null while none is trained (audio alone). */
  tasteSource: (profile: string | undefined) => TasteSource | null | Promise<TasteSource | null>;
  /** A track's id from its path or id, for tracks the snapshot does not know by that name. */
  resolveTrack: (ref: string) => Promise<string>;
}>;

type TasteCache = { session: string[]; taste: SessionTaste | null; at: number };

// A cached taste is only extended by one event (a skip while a queue plays) for this long; after
// it the source is asked again, so a model trained meanwhile (by another process) comes in.
const TASTE_TTL_MS = 60_000;

const signalKey = (s: SessionSignal): string => `${s.signal}:${s.track}`;

export class Recommender {
  private snap: Promise<{ revision: string; snapshot: LibrarySnapshot }> | null = null;
  private readonly histories = new Map<string, HistoryReader>();
  private readonly tastes = new Map<string, TasteCache>();
  private groups: { snapshot: LibrarySnapshot; key: string; groups: MixGroups } | null = null;

  constructor(private readonly options: RecommenderOptions) {}

  /** The analysed library in memory, read again whenever the store has changed. */
  async snapshot(): Promise<LibrarySnapshot> {
    const revision = await this.options.store.revision();
    const current = await this.snap?.catch(() => null);
    if (current?.revision === revision) return current.snapshot;
    const loading = LibrarySnapshot.load(this.options.store).then((snapshot) => ({
      revision,
      snapshot,
    }));
    this.snap = loading;
    return (await loading).snapshot;
  }

  /** A radio from seed tracks, albums or artists. */
  async radio(request: RadioRequest): Promise<PlaylistEntry[]> {
    const length = lengthOf(request, DEFAULT_RADIO_COUNT);
    if (request.seeds.length === 0) throw new RecommendError('a radio needs at least one seed');
    const sources = await this.sources(request, request.adventurous);
    const plan = await resolveSeeds(request.seeds, sources.snapshot, (ref) => this.track(ref));
    return this.entries(sources, await radio(sources, plan, length));
  }

  /** A path of `count` tracks from one track to another, both included. */
  async path(request: PathRequest): Promise<PlaylistEntry[]> {
    const count = request.count ?? DEFAULT_PATH_COUNT;
    if (!Number.isInteger(count) || count < 2) {
      throw new RecommendError(`a path has at least 2 tracks (its ends), got ${count}`);
    }
    const sources = await this.sources(request, 0);
    const [from, to] = [await this.track(request.from), await this.track(request.to)];
    if (from.track.id === to.track.id)
      throw new RecommendError('a path needs two different tracks');
    return this.entries(sources, await trackPath(sources, from, to, count));
  }

  /** 4–8 mixes of what the profile plays, or of the library before there is history. */
  async mixes(request: MixesRequest = {}): Promise<Mix[]> {
    const length = lengthOf(request, DEFAULT_MIX_COUNT);
    const sources = await this.sources(request, DEFAULT_ADVENTUROUS);
    const found = buildMixes(sources, this.mixGroups(sources), length);
    return Promise.all(
      found.map(async (m) => ({
        id: m.id,
        name: m.name,
        size: m.size,
        entries: await this.entries(sources, m.tracks),
      })),
    );
  }

  /** Which mix each analysed track belongs to: the same groups as {@link mixes}. */
  async mixMembership(request: RequestOptions = {}): Promise<MixMembership> {
    const sources = await this.sources(request, DEFAULT_ADVENTUROUS);
    const groups = this.mixGroups(sources);
    const mixOf: Record<string, number> = {};
    for (const [id, mix] of groups.mixOf) mixOf[id] = mix;
    return {
      mixes: groups.mixes.map((m) => ({
        id: m.id,
        name: m.name,
        size: groups.members.get(m.id)?.length ?? 0,
      })),
      mixOf,
    };
  }

  /**
   * The next tracks of an endless radio, mix or path (continuation.ts): after every track
   * queued or heard so far, under the same rules, following the session's plays and skips.
   */
  async continueQueue(request: ContinueRequest): Promise<PlaylistEntry[]> {
    const count = request.count ?? DEFAULT_CONTINUE_COUNT;
    lengthOf({ count }, DEFAULT_CONTINUE_COUNT);
    const sources = await this.sources(request, request.adventurous);
    const queued: SnapshotTrack[] = [];
    for (const ref of request.queued) {
      // A queued track that left the library since is history, not a request: it is passed over.
      const known = await this.track(ref).catch(() => null);
      if (known) queued.push(known);
    }
    // What the session heard elsewhere comes first: nothing of the session comes again, and the
    // artist limits count from the queue's end.
    const inQueue = new Set(queued.map((t) => t.track.id));
    const before = [...sources.heard.filter((t) => !inQueue.has(t.track.id)), ...queued];
    const { origin } = request;
    let resolved: ResolvedOrigin;
    switch (origin.kind) {
      case 'radio':
        if (origin.seeds.length === 0) throw new RecommendError('a radio needs at least one seed');
        resolved = {
          kind: 'radio',
          plan: await resolveSeeds(origin.seeds, sources.snapshot, (ref) => this.track(ref)),
        };
        break;
      case 'path':
        resolved = { kind: 'path', to: await this.track(origin.to) };
        break;
      case 'mix':
        resolved = { kind: 'mix', name: origin.name };
        break;
      default:
        return origin satisfies never;
    }
    const next = await continueQueue(sources, resolved, before, count, () =>
      this.mixGroups(sources),
    );
    return this.entries(sources, next);
  }

  /**
   * The rest of a queue re-ranked after a skip: the taste is refolded with the skip, the
   * skipped track's close audio neighbours go down, the session's plays pull, and the rules
   * (and, for a radio, its seed adherence) are applied again.
   */
  async rerankAfterSkip(request: RerankRequest): Promise<RerankResult> {
    const skipped = await this.track(request.skipped);
    const queue: SnapshotTrack[] = [];
    for (const ref of request.queue) {
      const t = await this.track(ref);
      if (t.track.id !== skipped.track.id) queue.push(t);
    }
    const skip: SessionSignal = { track: skipped.track.id, signal: 'skip' };
    const sources = await this.sources(request, request.adventurous, skip);
    const plan: RadioPlan = request.seeds?.length
      ? await resolveSeeds(request.seeds, sources.snapshot, (ref) => this.track(ref))
      : { references: [], seeds: [], seedArtists: [] };
    const { entries, dropped } = await rerankQueue(sources, queue, plan, sources.heard);
    return {
      entries: await this.entries(sources, entries),
      dropped: dropped.map((d) => d.track.id),
    };
  }

  /** The mixes' groups, clustered again only when the library or the history changed. */
  private mixGroups(sources: Sources): MixGroups {
    const { snapshot, scoring } = sources;
    const key = `${scoring.history.events}:${scoring.history.tracks.size}`;
    const cached = this.groups;
    if (cached?.snapshot === snapshot && cached.key === key) return cached.groups;
    const groups = mixGroups(sources);
    this.groups = { snapshot, key, groups };
    return groups;
  }

  /**
   * Scored tracks as entries. A track shown with a skip in its past is told with how many of
   * its closer neighbours were played through since ("skipped 2 days ago, but you finished 3
   * like it since"): one neighbour search each, for those tracks only.
   */
  private async entries(sources: Sources, scored: readonly Scored[]): Promise<PlaylistEntry[]> {
    const { history, titleOf } = sources.scoring;
    const likedSince = await Promise.all(
      scored.map(async (s) => {
        const skippedAt = s.evidence.history?.lastSkippedAt;
        if (!skippedAt) return 0;
        const since = Date.parse(skippedAt);
        const hits = await sources.nearest(s.vector, CLOSE_RANK + 1);
        return hits.filter((hit) => {
          const played = hit.id === s.id ? null : history.tracks.get(hit.id)?.lastPlayedAt;
          return played != null && Date.parse(played) > since;
        }).length;
      }),
    );
    return scored.map((s, i) => {
      const reasons = likedSince[i] ? reasonParts(s.evidence, likedSince[i]) : s.reasons;
      return toEntry(s, reasons, sentence(reasons, titleOf, history.now));
    });
  }

  /** A track of the snapshot by id or path; an unanalysed or unknown one is an error. */
  private async track(ref: string): Promise<SnapshotTrack> {
    const snapshot = await this.snapshot();
    const known = snapshot.get(ref) ?? snapshot.atPath(isAbsolute(ref) ? ref : resolve(ref));
    if (known) return known;
    const found = snapshot.get(await this.options.resolveTrack(ref));
    if (!found) throw new RecommendError(`track has no audio embedding yet: ${ref}`);
    return found;
  }

  private async sources(
    request: RequestOptions,
    adventurousInput: number | undefined,
    extra?: SessionSignal,
  ): Promise<Sources> {
    const adventurous = adventurousInput ?? DEFAULT_ADVENTUROUS;
    if (!(adventurous >= 0 && adventurous <= 1)) {
      throw new RecommendError(`adventurous is between 0 and 1, got ${adventurous}`);
    }
    const snapshot = await this.snapshot();
    const model = snapshot.modelVersion;
    if (model === null || snapshot.size === 0) {
      throw new RecommendError('no analysed tracks yet: scan a music folder first');
    }
    const mode = request.mode ?? 'blend';
    const history = await this.history(request.profile, request.now ?? new Date());
    const session = [...history.session];
    const last = session.at(-1);
    if (extra && !(last?.track === extra.track && last.signal === extra.signal))
      session.push(extra);
    const taste = mode === 'audio' ? null : await this.taste(request.profile, session);
    const inSession = (signal: SessionSignal['signal']) =>
      session.filter((s) => s.signal === signal).flatMap((s) => snapshot.get(s.track) ?? []);
    // Love and "Don't play this" live in the profile's event log (events/feedback-state.ts).
    const feedback: TrackFeedback = await this.options.eventLog(request.profile).feedback();
    const store = this.options.store;
    return {
      snapshot,
      nearest: (vector, n) => store.nearestIds(vector, model, n),
      heard: session.flatMap((s) => snapshot.get(s.track) ?? []),
      scoring: {
        taste,
        history,
        mode,
        adventurous,
        skipped: inSession('skip'),
        played: inSession('play'),
        feedback,
        titleOf: (id) => snapshot.get(id)?.track.title ?? id,
      },
    };
  }

  private history(profile: string | undefined, now: Date): Promise<ListeningHistory> {
    const log = this.options.eventLog(profile);
    let reader = this.histories.get(log.path);
    if (!reader) {
      reader = new HistoryReader(log);
      this.histories.set(log.path, reader);
    }
    return reader.at(now);
  }

  /** The session's taste; one more event than last time is folded in, not refitted. */
  private async taste(
    profile: string | undefined,
    session: readonly SessionSignal[],
  ): Promise<SessionTaste | null> {
    const source = await this.options.tasteSource(profile);
    if (!source) return null;
    const key = session.map(signalKey);
    const name = profile ?? '';
    const cached = this.tastes.get(name);
    const recent = cached !== undefined && Date.now() - cached.at < TASTE_TTL_MS;
    const last = session.at(-1);
    if (recent && cached.taste && last && sameList(cached.session, key.slice(0, -1))) {
      const taste = cached.taste.withEvent(last);
      this.tastes.set(name, { session: key, taste, at: cached.at });
      return taste;
    }
    if (recent && sameList(cached.session, key)) return cached.taste;
    const taste = await source.taste(session);
    this.tastes.set(name, { session: key, taste, at: Date.now() });
    return taste;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function lengthOf(
  request: Readonly<{ count?: number; durationSec?: number }>,
  fallback: number,
): { count?: number; durationSec?: number } {
  const { count, durationSec } = request;
  if (count !== undefined && !(Number.isInteger(count) && count > 0)) {
    throw new RecommendError(`a playlist length is a positive whole number, got ${count}`);
  }
  if (durationSec !== undefined && !(durationSec > 0)) {
    throw new RecommendError(
      `a playlist duration is a positive number of seconds, got ${durationSec}`,
    );
  }
  return durationSec === undefined ? { count: count ?? fallback } : { count, durationSec };
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** The entry hosts see. */
export function toEntry(
  s: Scored,
  reasons: PlaylistEntry['reasons'] = s.reasons,
  why: string = s.why,
): PlaylistEntry {
  const { track } = s;
  return {
    id: track.id,
    path: track.path,
    title: track.title,
    artist: track.artist,
    album: track.album,
    durationSec: track.durationSec,
    score: round(s.score),
    audio: round(s.audio),
    cf: s.cf === null ? null : round(s.cf),
    why,
    reasons,
  };
}
