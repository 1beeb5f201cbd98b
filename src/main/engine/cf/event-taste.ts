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
type Model = Readonly<{
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

function prepare(model: LibraryModel): Model {
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

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** One session's taste: immutable; {@link withEvent} makes a new one. */
class EventSessionTaste implements SessionTaste {
  readonly version: string;
  readonly sessionEvents: number;
  private readonly vector: UserVector;
  private probabilities: Float32Array | null = null;

  constructor(
    private readonly model: Model,
    private readonly events: readonly SessionSignal[],
  ) {
    this.version = model.version;
    const positives: number[] = [];
    const negatives: number[] = [];
    for (const { track, signal } of events) {
      const i = model.itemIndex.get(track);
      if (i === undefined) continue;
      if (signal === 'play' || signal === 'partial') positives.push(i);
      else if (signal === 'skip') negatives.push(i);
    }
    this.sessionEvents = positives.length + negatives.length;
    this.vector =
      this.sessionEvents === 0
        ? model.profile
        : foldIn(model.params, {
            positives: Int32Array.from(positives),
            negatives: Int32Array.from(negatives),
            prior: model.prior,
          });
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
    const probabilities = this.all();
    // The best n so far, best first: a track that cannot enter costs one comparison, so this
    // beats sorting the whole library for the few dozen tracks a recommender asks for.
    const best: TrackScore[] = [];
    probabilities.forEach((score, i) => {
      if (n <= 0 || (best.length === n && score <= (best[n - 1]?.score ?? 0))) return;
      const id = this.model.itemIds[i] ?? '';
      if (exclude.has(id)) return;
      let at = best.length;
      while (at > 0 && (best[at - 1]?.score ?? 0) < score) at--;
      best.splice(at, 0, { id, score });
      if (best.length > n) best.pop();
    });
    return best;
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
 * Tastes from a profile's model in use. The model is loaded on first use and again whenever a
 * training run has replaced it (checked on each call: one small file read).
 */
export class EventTasteSource implements TasteSource {
  private loaded: Promise<Model | null> | null = null;
  private loadedVersion: string | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly profile: string,
  ) {}

  async taste(session: readonly SessionSignal[]): Promise<SessionTaste | null> {
    const version = await currentModelVersion(this.dataDir, this.profile);
    if (version === null) return null;
    if (this.loaded === null || this.loadedVersion !== version) {
      this.loadedVersion = version;
      const loading = loadLibraryModel(this.dataDir, this.profile).then((m) =>
        m === null ? null : prepare(m),
      );
      this.loaded = loading;
      // A failed load is not cached: the next call tries again.
      loading.catch(() => {
        if (this.loaded === loading) this.loaded = null;
      });
    }
    const model = await this.loaded;
    if (model === null) return null;
    // The fold-in runs TF.js ops: a fresh process (a CLI radio) has no backend started yet.
    await initBackend();
    return new EventSessionTaste(model, session);
  }
}
