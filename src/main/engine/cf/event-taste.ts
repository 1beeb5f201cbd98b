/**
 * The recommender's {@link TasteSource} over a profile's saved NeuMF (library-model.ts). A
 * session's taste is its user vector folded in (fold-in.ts) from its plays and partials
 * (positives) and skips (negatives) with the model frozen, starting from and pulled towards the
 * mean trained user. A session with nothing yet scores by the profile's long-term user, the
 * person's overall taste. That user is not the fold-in's prior: it has every track the person
 * ever liked as a positive, so it likes them all about equally, and a few plays from there
 * hardly tell one group of tracks from another (measured on synthetic logs).
 * Tracks the model was not trained on are unknown to it and left out of every answer.
 */
import { initBackend } from '../embed/backend';
import { foldIn, meanUser } from './fold-in';
import { profileUserId } from './event-dataset';
import type { LibraryModel } from './library-model';
import { currentModelVersion, loadLibraryModel } from './library-model';
import type { NeumfParams } from './neumf';
import { hasGmf, hasMlp } from './neumf-config';
import type { UserVector } from './neumf-scorer';
import type { SessionSignal, SessionTaste, TasteSource, TrackScore } from './session-taste';
import { VectorScorer } from './vector-scorer';

/** A loaded model with what every taste of it shares. */
export type PreparedNeumf = Readonly<{
  version: string;
  params: NeumfParams;
  itemIds: readonly string[];
  itemIndex: ReadonlyMap<string, number>;
  evidence: Readonly<Record<string, number>>;
  /** The mean trained user: where a fold-in starts and what it is pulled towards. */
  prior: UserVector;
  /** The profile's long-term user vector (the prior if it has none). */
  profile: UserVector;
  scorer: VectorScorer;
}>;

export function prepareNeumf(model: LibraryModel): PreparedNeumf {
  const { params } = model;
  const u = model.userIds.indexOf(profileUserId(model.training.profile));
  const f = hasGmf(params.config) ? params.config.factors : 0;
  const e = hasMlp(params.config) ? params.config.mlpEmbedding : 0;
  const prior = meanUser(params);
  const profile =
    u < 0
      ? prior
      : {
          gmf: params.gmfUser.slice(u * f, (u + 1) * f),
          mlp: params.mlpUser.slice(u * e, (u + 1) * e),
        };
  return {
    version: model.version,
    params,
    itemIds: model.itemIds,
    itemIndex: new Map(model.itemIds.map((id, i) => [id, i])),
    evidence: model.training.evidence,
    prior,
    profile,
    scorer: new VectorScorer(params),
  };
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** A session's user vector, and how many of its events the model could fold in. */
export type FoldedSession = Readonly<{ vector: UserVector; sessionEvents: number }>;

/**
 * The session's user vector: folded in from its plays and partials (positives) and skips
 * (negatives), or the profile's long-term user while none of its events is known to the model.
 */
export function foldSession(model: PreparedNeumf, events: readonly SessionSignal[]): FoldedSession {
  const positives: number[] = [];
  const negatives: number[] = [];
  for (const { track, signal } of events) {
    const i = model.itemIndex.get(track);
    if (i === undefined) continue;
    if (signal === 'play' || signal === 'partial') positives.push(i);
    else if (signal === 'skip') negatives.push(i);
  }
  const sessionEvents = positives.length + negatives.length;
  const vector =
    sessionEvents === 0
      ? model.profile
      : foldIn(model.params, {
          positives: Int32Array.from(positives),
          negatives: Int32Array.from(negatives),
          prior: model.prior,
        });
  return { vector, sessionEvents };
}

/** The best `n` of `scores` (indices into `ids`), best first, leaving out `exclude`. */
export function topScores(
  scores: Float32Array,
  ids: readonly string[],
  n: number,
  exclude: ReadonlySet<string>,
): TrackScore[] {
  // The best n so far, best first: a track that cannot enter costs one comparison, so this
  // beats sorting the whole library for the few dozen tracks a recommender asks for.
  const best: TrackScore[] = [];
  scores.forEach((score, i) => {
    if (n <= 0 || (best.length === n && score <= (best[n - 1]?.score ?? 0))) return;
    const id = ids[i] ?? '';
    if (exclude.has(id)) return;
    let at = best.length;
    while (at > 0 && (best[at - 1]?.score ?? 0) < score) at--;
    best.splice(at, 0, { id, score });
    if (best.length > n) best.pop();
  });
  return best;
}

/** One session's taste: immutable; {@link withEvent} makes a new one. */
class EventSessionTaste implements SessionTaste {
  readonly version: string;
  readonly sessionEvents: number;
  private readonly vector: UserVector;
  private probabilities: Float32Array | null = null;

  constructor(
    private readonly model: PreparedNeumf,
    private readonly events: readonly SessionSignal[],
  ) {
    this.version = model.version;
    const { vector, sessionEvents } = foldSession(model, events);
    this.vector = vector;
    this.sessionEvents = sessionEvents;
  }

  score(trackIds: readonly string[]): Map<string, number> {
    const probabilities = this.all();
    const out = new Map<string, number>();
    for (const id of trackIds) {
      const i = this.model.itemIndex.get(id);
      if (i !== undefined) out.set(id, probabilities[i] ?? 0);
    }
    return out;
  }

  trackEvidence(trackId: string): number {
    return this.model.evidence[trackId] ?? 0;
  }

  top(n: number, exclude: ReadonlySet<string> = new Set()): TrackScore[] {
    return topScores(this.all(), this.model.itemIds, n, exclude);
  }

  withEvent(event: SessionSignal): SessionTaste {
    return new EventSessionTaste(this.model, [...this.events, event]);
  }

  /** Every track's probability, computed on first use. */
  private all(): Float32Array {
    this.probabilities ??= this.model.scorer.logits(this.vector).map(sigmoid);
    return this.probabilities;
  }
}

/**
 * A profile's model in use, prepared by `prepare`: loaded on first use and again whenever a
 * training run has replaced it (checked on each call: one small file read). A failed load is
 * not kept: the next call tries again.
 */
export class ModelCache<T> {
  private loaded: Promise<T | null> | null = null;
  private loadedVersion: string | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly profile: string,
    private readonly prepare: (model: LibraryModel) => Promise<T>,
  ) {}

  async current(): Promise<T | null> {
    const version = await currentModelVersion(this.dataDir, this.profile);
    if (version === null) return null;
    if (this.loaded === null || this.loadedVersion !== version) {
      this.loadedVersion = version;
      const loading = loadLibraryModel(this.dataDir, this.profile).then((m) =>
        m === null ? null : this.prepare(m),
      );
      this.loaded = loading;
      loading.catch(() => {
        if (this.loaded === loading) this.loaded = null;
      });
    }
    const model = await this.loaded;
    // The fold-in runs TF.js ops: a fresh process (a CLI radio) has no backend started yet.
    if (model !== null) await initBackend();
    return model;
  }
}

/** Tastes from a profile's NeuMF alone (the hybrid, hybrid-taste.ts, is what the app uses). */
export class EventTasteSource implements TasteSource {
  private readonly models: ModelCache<PreparedNeumf>;

  constructor(dataDir: string, profile: string) {
    this.models = new ModelCache(dataDir, profile, (m) => Promise.resolve(prepareNeumf(m)));
  }

  async taste(session: readonly SessionSignal[]): Promise<SessionTaste | null> {
    const model = await this.models.current();
    return model === null ? null : new EventSessionTaste(model, session);
  }
}
