/**
 * NeuMF's probabilities as play-through rates. The model learns against sampled negatives, so
 * its probabilities order tracks well but are no rates: early on a track the person loves may
 * get 0.43 and one they skip 0.35. Among the candidates are tracks the person has heard, whose
 * plays and skips say how those probabilities turned out; a logistic fit of the outcome on the
 * probability's logit (Platt scaling) maps every probability of the request to a rate. The fit
 * is only weakly pulled towards the identity: early, NeuMF squeezes every track into a few
 * hundredths, and only a steep slope turns its (right) order into rates; the pull just keeps the
 * slope finite when the outcomes are perfectly separated. Without heard candidates NeuMF's own
 * probabilities stand.
 */
import { PARTIAL_CREDIT } from '../events/signals';
import type { TrackHistory } from './history';

/** `a·logit(p) + b`: the calibrated logit of a NeuMF probability `p`. */
export type Calibration = Readonly<{
  a: number;
  b: number;
  /**
   * The play-through rate of the heard tracks the fit saw (one success and one failure
   * assumed): what NeuMF's evidence is measured from (blend.ts combine).
   */
  base: number;
}>;

/** The identity: NeuMF's probabilities as they are, an even chance as the base. */
export const IDENTITY: Calibration = { a: 1, b: 0, base: 0.5 };

/**
 * Weight of the squared distance of (a, b) from the identity (1, 0), against one log loss per
 * heard track: a hundredth of a track, so a dozen heard tracks decide the slope.
 */
const PRIOR_STRENGTH = 0.01;
/** Probabilities are clamped this far from 0 and 1 before their logit is taken. */
const EPSILON = 1e-6;
const NEWTON_STEPS = 25;

/** The log-odds of a probability, clamped to ±13.8. */
export function logit(p: number): number {
  const q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
  return Math.log(q / (1 - q));
}

/** The logistic function, the inverse of {@link logit}. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** A heard track's outcome: the share of its listens heard through (partials count half). */
export function outcome(history: TrackHistory): number | null {
  const heard = history.plays + history.partials + history.skips;
  if (heard === 0) return null;
  return (history.plays + PARTIAL_CREDIT * history.partials) / heard;
}

/**
 * Fits the calibration on the heard tracks among `scores` (NeuMF's probabilities by track id),
 * each one point weighing 1 with its {@link outcome} as the label: Newton's method on the log
 * loss plus `PRIOR_STRENGTH/2 · ((a − 1)² + b²)`, a 2 × 2 system per step, with `a ≥ 0`.
 */
export function calibrate(
  scores: ReadonlyMap<string, number>,
  tracks: ReadonlyMap<string, TrackHistory>,
): Calibration {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [id, p] of scores) {
    const history = tracks.get(id);
    const y = history ? outcome(history) : null;
    if (y === null) continue;
    xs.push(logit(p));
    ys.push(y);
  }
  if (xs.length === 0) return IDENTITY;
  const base = (ys.reduce((s, y) => s + y, 0) + 1) / (ys.length + 2);
  const fitted = fit(xs, ys, true);
  // The fit may only sharpen or flatten NeuMF's order, never turn it round: where the model
  // ranks this session's heard tracks against their outcomes, its evidence counts for nothing.
  return { ...(fitted.a >= 0 ? fitted : fit(xs, ys, false)), base };
}

/** The penalised log loss of (a, b). */
function loss(xs: readonly number[], ys: readonly number[], a: number, b: number): number {
  let sum = (PRIOR_STRENGTH / 2) * ((a - 1) ** 2 + b ** 2);
  for (let i = 0; i < xs.length; i++) {
    const z = a * (xs[i] ?? 0) + b;
    const y = ys[i] ?? 0;
    // log(1 + e^z) − y·z, written to stay finite for large |z|.
    sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z;
  }
  return sum;
}

/**
 * Newton's method for (a, b), or for b alone with a = 0, each step halved until the loss goes
 * down: on well-separated outcomes a full step overshoots.
 */
function fit(
  xs: readonly number[],
  ys: readonly number[],
  withSlope: boolean,
): { a: number; b: number } {
  let [a, b] = [withSlope ? 1 : 0, 0];
  let current = loss(xs, ys, a, b);
  for (let step = 0; step < NEWTON_STEPS; step++) {
    // Gradient and Hessian of the penalised loss.
    let [ga, gb] = [PRIOR_STRENGTH * (a - 1), PRIOR_STRENGTH * b];
    let [haa, hab, hbb] = [PRIOR_STRENGTH, 0, PRIOR_STRENGTH];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] ?? 0;
      const p = sigmoid(a * x + b);
      const r = p - (ys[i] ?? 0);
      const v = p * (1 - p);
      ga += r * x;
      gb += r;
      haa += v * x * x;
      hab += v * x;
      hbb += v;
    }
    let [da, db] = [0, gb / hbb];
    if (withSlope) {
      const det = haa * hbb - hab * hab;
      da = (hbb * ga - hab * gb) / det;
      db = (haa * gb - hab * ga) / det;
    }
    let t = 1;
    let next = loss(xs, ys, a - t * da, b - t * db);
    while (!(next <= current) && t > 1e-4) {
      t /= 2;
      next = loss(xs, ys, a - t * da, b - t * db);
    }
    if (!(next <= current)) break;
    [a, b, current] = [a - t * da, b - t * db, next];
    if (t * (Math.abs(da) + Math.abs(db)) < 1e-6) break;
  }
  return { a, b };
}

/** A NeuMF probability as a play-through rate under `calibration`. */
export function calibrated(calibration: Calibration, p: number): number {
  return sigmoid(calibration.a * logit(p) + calibration.b);
}
