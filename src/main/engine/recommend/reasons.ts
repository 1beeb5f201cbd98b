/**
 * Reasons that are true: each part is built from the number that decided the pick (the
 * similarity to the seed and its rank, NeuMF's calibrated rate, the plays and skips, the penalty
 * taken off) and says it briefly. The sound parts come from whoever placed the track (radio,
 * path, mix: see the `sound` of their closeness); this module adds what the taste and the history
 * say and writes the sentence. A part that has no evidence behind it is never written: no
 * "this session" without events of this session, no "close to" beyond the closer neighbours.
 */
import type { ReasonPart } from '../../../shared/reasons';
import type { CoPlayed } from '../cf/session-taste';
import type { HistoryPenalties } from './blend';
import { usualPartOf, type TrackHistory } from './history';

/** What the taste and the history said about one track, beside its sound. */
export type Evidence = Readonly<{
  /** The parts about its sound, from the playlist that placed it. */
  sound: readonly ReasonPart[];
  /** NeuMF's weight, its calibrated rate (null for a cold track), and the base it moved from. */
  w: number;
  cfRate: number | null;
  cfBase: number;
  /** Events of this session folded into the taste. */
  sessionEvents: number;
  /**
   * The track of the session's evidence played in the most past sessions with this one, asked
   * only when the reason is written (the hybrid taste has it; NeuMF alone does not).
   */
  coPlayed: () => CoPlayed | null;
  loved: boolean;
  history: TrackHistory | undefined;
  penalties: HistoryPenalties;
  /** The track skipped in this session it sounds like, and the penalty that earned it. */
  skippedNeighbour: Readonly<{ id: string; similarity: number; penalty: number }> | null;
  now: Date;
}>;

/** Collaborative weight below which the model's opinion is not mentioned. */
const MENTION_W = 0.1;
/** Penalties below this are not mentioned. */
const MENTION_PENALTY = 0.03;
/** Every track of a queue is somewhat like a skipped one; only real neighbours are told. */
const MENTION_NEIGHBOUR = 0.15;
/** Session events before the taste's verdict is said to be this session's. */
const SESSION_EVIDENCE = 3;

/**
 * The parts of a track's reason. `likedSince` is the number of its closer neighbours played
 * through since its last skip, when that was counted (only for tracks shown with a skip).
 */
export function reasonParts(e: Evidence, likedSince = 0): ReasonPart[] {
  const parts: ReasonPart[] = [...e.sound];
  if (e.loved) parts.push({ kind: 'loved' });
  if (e.cfRate !== null && e.w >= MENTION_W) {
    parts.push({
      kind: 'taste',
      value: round(e.cfRate),
      base: round(e.cfBase),
      session: e.sessionEvents,
    });
    const co = e.coPlayed();
    if (co) parts.push({ kind: 'co-played', to: co.track, value: co.sessions });
  }
  const h = e.history;
  if (h && h.plays > 0 && h.lastPlayedAt !== null) {
    parts.push({ kind: 'played', value: h.plays, at: h.lastPlayedAt });
    const usual = usualPartOf(h);
    if (usual !== null) parts.push({ kind: 'usual-time', part: usual });
  } else if (!h && !e.loved) parts.push({ kind: 'new' });
  if (h?.lastSkippedAt && (e.penalties.skip >= MENTION_PENALTY || likedSince > 0)) {
    parts.push({ kind: 'skipped', at: h.lastSkippedAt, value: likedSince });
  }
  if (e.penalties.recent >= MENTION_PENALTY && h?.lastPlayedAt) {
    parts.push({ kind: 'recent', at: h.lastPlayedAt });
  }
  const skipped = e.skippedNeighbour;
  if (skipped && skipped.penalty >= MENTION_NEIGHBOUR) {
    parts.push({ kind: 'moved-down', to: skipped.id, value: round(skipped.similarity) });
  }
  return parts;
}

/** The reason as a sentence; `title` names a track by id, `now` dates the history. */
export function sentence(
  parts: readonly ReasonPart[],
  title: (id: string) => string,
  now: Date,
): string {
  return parts.map((p) => phrase(p, title, now)).join(' · ');
}

function phrase(p: ReasonPart, title: (id: string) => string, now: Date): string {
  switch (p.kind) {
    case 'similar':
      return `close to ${title(p.to)} (similarity ${p.value.toFixed(2)})`;
    case 'further':
      return `further out from ${title(p.to)} (similarity ${p.value.toFixed(2)})`;
    case 'session':
      return `sounds like ${title(p.to)}, played this session (similarity ${p.value.toFixed(2)})`;
    case 'step':
      if (p.value <= 0) return `the start of the path to ${title(p.to)}`;
      if (p.value >= 1) return 'the end of the path';
      return `${Math.round(p.value * 100)} % of the way to ${title(p.to)}`;
    case 'mix':
      return `in the ${p.to} mix`;
    case 'loved':
      return 'you love it';
    case 'taste': {
      const percent = `${Math.round(p.value * 100)} %`;
      const whose = p.session >= SESSION_EVIDENCE ? 'this session' : 'your listening';
      return p.value >= p.base
        ? `fits ${whose} (${percent} likely to be finished)`
        : `${whose} is unsure of it (${percent} likely to be finished)`;
    }
    case 'co-played':
      return `often played in the same sessions as ${title(p.to)} (${p.value} sessions)`;
    case 'played':
      return `you played it ${times(p.value)}, last ${ago(p.at, now)}`;
    case 'new':
      return 'new to you';
    case 'skipped':
      return p.value > 0
        ? `skipped ${ago(p.at, now)}, but you finished ${p.value} like it since`
        : `skipped ${ago(p.at, now)}`;
    case 'usual-time':
      return `you usually finish it in ${p.part} sessions`;
    case 'recent':
      return `played ${ago(p.at, now)}`;
    case 'moved-down':
      return `moved down: close to ${title(p.to)}, skipped in this session`;
    default:
      return p satisfies never;
  }
}

/** "3 min ago", "5 h ago", "2 days ago", "3 weeks ago", "4 months ago". */
export function ago(fromIso: string, now: Date): string {
  const minutes = Math.max(0, (now.getTime() - Date.parse(fromIso)) / 60_000);
  if (minutes < 60) return `${Math.max(1, Math.round(minutes))} min ago`;
  const hours = minutes / 60;
  if (hours < 36) return `${Math.round(hours)} h ago`;
  const days = hours / 24;
  if (days < 14) return `${Math.round(days)} days ago`;
  if (days < 70) return `${Math.round(days / 7)} weeks ago`;
  return `${Math.max(2, Math.round(days / 30.4))} months ago`;
}

function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
