/**
 * The recommender's {@link TasteSource} in the app: NeuMF (event-taste.ts) fused with the tracks
 * played in the same sessions (co-play.ts), by eval-cf's hybrid recipe (eval/cf/hybrid-eval.ts):
 *
 *   fused = z(NeuMF logit) + W · z(item-item score), each z-scored over the model's tracks,
 *
 * written back on NeuMF's logit scale (times NeuMF's spread, plus its mean) so the recommender's
 * calibration and blend (recommend/calibration.ts, blend.ts) read it as they read NeuMF's
 * probability; the order is the recipe's. The per-track confidence is the track's training
 * evidence, as for NeuMF alone.
 *
 * The item-item query is the session's plays (1), partials ({@link PARTIAL_CREDIT}) and skips
 * (−1), or while the session has none the profile's row (its plays, loves and bans). Loves and
 * "Don't play this" are the strongest evidence in both halves: NeuMF learns them in the
 * profile's row (event-dataset.ts), and here the standing feedback, read on every taste, puts a
 * loved track at the item-item side's top and a banned one at its bottom, and weighs in the query
 * as a play (a loved track) or a skip (a banned one) of this session would. Their block is
 * scaled down to the session's own weight when they outnumber it, so a few hundred loves do not
 * drown what this session is about.
 *
 * A model saved before the hybrid existed has no co-play file: its tastes are NeuMF's alone until
 * the next training run writes one.
 */
import { join } from 'node:path';
import { PARTIAL_CREDIT } from '../events/signals';
import { loadBridge, NEIGHBOURS as BRIDGE_NEIGHBOURS, type Bridge } from './bridge';
import { loadCoPlay, type CoPlayModel } from './co-play';
import {
  foldSession,
  ModelCache,
  prepareNeumf,
  sigmoid,
  topScores,
  type PreparedNeumf,
} from './event-taste';
import { libraryModelDir, type LibraryModel } from './library-model';
import type { UserVector } from './neumf-scorer';
import { VectorScorer } from './vector-scorer';
import type {
  CoPlayed,
  SessionSignal,
  SessionTaste,
  TasteSource,
  TrackScore,
} from './session-taste';

/** Weight of the item-item side's z-score against NeuMF's (eval-cf's choice on lastfm-2k). */
export const ITEM_ITEM_WEIGHT = 2;
/**
 * An unheard track's evidence is the bridge's confidence times this: at full confidence a
 * quarter of a play: the blend (recommend/blend.ts) gives it a track factor of 0.5 at most,
 * against 0.8 for a track heard once.
 */
export const BRIDGE_EVIDENCE = 0.25;

/** Shared sessions before two tracks are said to be "often played in the same sessions". */
export const CO_PLAYED_SESSIONS = 2;

/** The standing feedback by track id (events/feedback-state.ts `trackIds()`). */
export type TrackFeedback = Readonly<{ loved: ReadonlySet<string>; banned: ReadonlySet<string> }>;

const NO_FEEDBACK: TrackFeedback = { loved: new Set(), banned: new Set() };

/** The cold-start bridge of a model (bridge.ts) with its scorer and index. */
type LoadedBridge = Readonly<{
  bridge: Bridge;
  index: ReadonlyMap<string, number>;
  scorer: VectorScorer;
}>;

/** Both halves of a saved model, and its bridge for unheard tracks if it has one. */
type HybridModel = Readonly<{
  neumf: PreparedNeumf;
  coPlay: CoPlayModel | null;
  bridge: LoadedBridge | null;
}>;

async function loadHybrid(dataDir: string, model: LibraryModel): Promise<HybridModel> {
  const dir = join(libraryModelDir(dataDir, model.training.profile), model.version);
  const [coPlay, bridge] = await Promise.all([
    loadCoPlay(dir, model.itemIds.length),
    loadBridge(dir, model.params),
  ]);
  return {
    neumf: prepareNeumf(model),
    coPlay,
    bridge:
      bridge === null
        ? null
        : {
            bridge,
            index: new Map(bridge.ids.map((id, i) => [id, i])),
            scorer: new VectorScorer({
              ...model.params,
              nItems: bridge.ids.length,
              gmfItem: bridge.gmf,
              mlpItem: bridge.mlp,
            }),
          },
  };
}

/** How the item-item side's scores map onto NeuMF's logits: `(s − mean) · scale` is added. */
type Fusion = Readonly<{ items: Float64Array; mean: number; scale: number }>;

/** The item-item query: track index → signed weight. */
type Query = Map<number, number>;

function sessionQuery(model: HybridModel, events: readonly SessionSignal[]): Query {
  const query: Query = new Map();
  const { itemIndex } = model.neumf;
  for (const { track, signal } of events) {
    const i = itemIndex.get(track);
    if (i === undefined || signal === 'neutral') continue;
    const w = signal === 'play' ? 1 : signal === 'partial' ? PARTIAL_CREDIT : -1;
    query.set(i, (query.get(i) ?? 0) + w);
  }
  if (query.size > 0 || model.coPlay === null) return query;
  const { items, weights } = model.coPlay.profile;
  items.forEach((i, k) => query.set(i, weights[k] ?? 0));
  return query;
}

/** Adds the standing loves (+) and bans (−) to `query`, their block at most its own weight. */
function withFeedback(model: HybridModel, query: Query, feedback: TrackFeedback): void {
  const { itemIndex } = model.neumf;
  const own = Math.max(
    1,
    [...query.values()].reduce((s, w) => s + Math.abs(w), 0),
  );
  const known = (ids: ReadonlySet<string>) =>
    [...ids].flatMap((id) => {
      const i = itemIndex.get(id);
      return i === undefined ? [] : [i];
    });
  const loved = known(feedback.loved);
  const banned = known(feedback.banned);
  const lovedWeight = Math.min(1, own / Math.max(1, loved.length));
  const bannedWeight = Math.min(1, own / Math.max(1, banned.length));
  for (const i of loved) query.set(i, Math.max(query.get(i) ?? 0, lovedWeight));
  // A ban wins over a love or a play of the same track.
  for (const i of banned) query.set(i, -Math.max(Math.abs(query.get(i) ?? 0), bannedWeight));
}

/** Mean and standard deviation of `values`. */
function moments(values: ArrayLike<number>): { mean: number; sd: number } {
  let mean = 0;
  for (let k = 0; k < values.length; k++) mean += values[k] ?? 0;
  mean /= Math.max(1, values.length);
  let variance = 0;
  for (let k = 0; k < values.length; k++) variance += ((values[k] ?? 0) - mean) ** 2;
  return { mean, sd: Math.sqrt(variance / Math.max(1, values.length)) };
}

/** One session's hybrid taste: immutable; {@link withEvent} makes a new one. */
class HybridSessionTaste implements SessionTaste {
  readonly version: string;
  readonly sessionEvents: number;
  private readonly query: Query;
  private readonly vector: UserVector;
  private readonly logits: Float32Array;
  private fusion: Fusion | null = null;
  private probabilities: Float32Array | null = null;

  constructor(
    private readonly model: HybridModel,
    private readonly events: readonly SessionSignal[],
    private readonly feedback: TrackFeedback,
  ) {
    const { neumf } = model;
    this.version = neumf.version;
    const folded = foldSession(neumf, events);
    this.sessionEvents = folded.sessionEvents;
    this.vector = folded.vector;
    this.logits = neumf.scorer.logits(folded.vector);
    this.query = sessionQuery(model, events);
    withFeedback(model, this.query, feedback);
  }

  score(trackIds: readonly string[]): Map<string, number> {
    const probabilities = this.all();
    const out = new Map<string, number>();
    const cold: string[] = [];
    for (const id of trackIds) {
      const i = this.model.neumf.itemIndex.get(id);
      if (i !== undefined) out.set(id, probabilities[i] ?? 0);
      else if (this.model.bridge?.index.has(id)) cold.push(id);
    }
    if (cold.length > 0) this.scoreCold(cold, out);
    return out;
  }

  trackEvidence(trackId: string): number {
    const known = this.model.neumf.evidence[trackId];
    if (known !== undefined) return known;
    const { bridge } = this.model;
    return bridge?.index.has(trackId) ? bridge.bridge.confidence * BRIDGE_EVIDENCE : 0;
  }

  top(n: number, exclude: ReadonlySet<string> = new Set()): TrackScore[] {
    return topScores(this.all(), this.model.neumf.itemIds, n, exclude);
  }

  withEvent(event: SessionSignal): SessionTaste {
    return new HybridSessionTaste(this.model, [...this.events, event], this.feedback);
  }

  coPlayed(trackId: string): CoPlayed | null {
    const { coPlay, neumf } = this.model;
    const j = neumf.itemIndex.get(trackId);
    if (coPlay === null || j === undefined) return null;
    const row = coPlay.neighbours.row(j);
    let best: CoPlayed | null = null;
    let bestScore = 0;
    row.ids.forEach((i, k) => {
      const q = this.query.get(i) ?? 0;
      const sessions = row.counts?.[k] ?? 0;
      if (q <= 0 || sessions < CO_PLAYED_SESSIONS || q * sessions <= bestScore) return;
      bestScore = q * sessions;
      best = { track: neumf.itemIds[i] ?? '', sessions };
    });
    return best;
  }

  /** Every track's fused probability, computed on first use. */
  private all(): Float32Array {
    this.probabilities ??= this.fuse();
    return this.probabilities;
  }

  private fuse(): Float32Array {
    const { logits } = this;
    const { items, mean, scale } = this.fusionOf();
    const out = new Float32Array(logits.length);
    for (let i = 0; i < out.length; i++) {
      out[i] = sigmoid((logits[i] ?? 0) + scale * ((items[i] ?? 0) - mean));
    }
    return out;
  }

  private fusionOf(): Fusion {
    if (this.fusion !== null) return this.fusion;
    const { coPlay } = this.model;
    const items = coPlay === null ? new Float64Array(0) : this.itemScores(coPlay);
    const side = moments(items);
    const base = moments(this.logits);
    // Without a co-play model, or a query that reaches no neighbour, NeuMF speaks alone.
    const scale = side.sd > 0 ? (ITEM_ITEM_WEIGHT * (base.sd || 1)) / side.sd : 0;
    this.fusion = { items, mean: side.mean, scale };
    return this.fusion;
  }

  /**
   * Unheard tracks through the bridge: NeuMF's logit from the predicted item vectors, the
   * item-item score as the weighted mean of the predicted neighbours' (bridge.ts).
   */
  private scoreCold(ids: readonly string[], out: Map<string, number>): void {
    const loaded = this.model.bridge;
    if (loaded === null) return;
    const rows = ids.map((id) => loaded.index.get(id) ?? 0);
    const logits = loaded.scorer.logitsAt(this.vector, rows);
    const { items, mean, scale } = this.fusionOf();
    const { neighbours, weights } = loaded.bridge;
    rows.forEach((r, k) => {
      let sum = 0;
      let total = 0;
      for (let t = r * BRIDGE_NEIGHBOURS; t < (r + 1) * BRIDGE_NEIGHBOURS; t++) {
        const w = weights[t] ?? 0;
        sum += w * (items[neighbours[t] ?? 0] ?? mean);
        total += w;
      }
      const side = total > 0 ? sum / total : mean;
      out.set(ids[k] ?? '', sigmoid((logits[k] ?? 0) + scale * (side - mean)));
    });
  }

  /**
   * The item-item side: the query's rows summed, loved tracks at the top, banned and skipped
   * ones at the bottom.
   */
  private itemScores(coPlay: CoPlayModel): Float64Array {
    const scores = new Float64Array(coPlay.neighbours.nItems);
    const items = Int32Array.from(this.query.keys());
    const weights = Float64Array.from(this.query.values());
    coPlay.neighbours.accumulate(items, weights, scores);
    let low = Infinity;
    let high = -Infinity;
    for (const s of scores) {
      low = Math.min(low, s);
      high = Math.max(high, s);
    }
    // A track skipped in this session, like a banned one, goes to the bottom: its own row
    // only moves its neighbours.
    for (const [i, w] of this.query) if (w < 0) scores[i] = low;
    const { itemIndex } = this.model.neumf;
    for (const id of this.feedback.loved) {
      const i = itemIndex.get(id);
      if (i !== undefined) scores[i] = high;
    }
    for (const id of this.feedback.banned) {
      const i = itemIndex.get(id);
      if (i !== undefined) scores[i] = low;
    }
    return scores;
  }
}

/** Options of {@link HybridTasteSource}. */
export type HybridTasteOptions = Readonly<{
  /** The profile's standing loves and bans, read on every taste (cheap: engine.feedback). */
  feedback?: () => Promise<TrackFeedback>;
}>;

/** Hybrid tastes from a profile's model in use; reloaded when a training run replaced it. */
export class HybridTasteSource implements TasteSource {
  private readonly models: ModelCache<HybridModel>;

  constructor(
    dataDir: string,
    profile: string,
    private readonly options: HybridTasteOptions = {},
  ) {
    this.models = new ModelCache(dataDir, profile, (m) => loadHybrid(dataDir, m));
  }

  async taste(session: readonly SessionSignal[]): Promise<SessionTaste | null> {
    const [model, feedback] = await Promise.all([
      this.models.current(),
      this.options.feedback?.() ?? Promise.resolve(NO_FEEDBACK),
    ]);
    return model === null ? null : new HybridSessionTaste(model, session, feedback);
  }
}
