/**
 * Explanations a person understands, built from the components that scored the track: which
 * seed it sounds like, what the collaborative model thinks, what the history says, and what
 * was taken off. Parts are joined with " · ".
 */
import type { HistoryPenalties } from './blend';
import { usualPartOf, type TrackHistory } from './history';

/** What an explanation is built from. */
export type Explained = Readonly<{
  /** The track or idea it sounds like ("sounds like …"), or null. */
  soundsLike: string | null;
  /** Words that come first (a path's step, a mix's name), or null. */
  lead?: string | null;
  w: number;
  /** NeuMF's play-through rate as the blend used it (calibrated), or null for a cold track. */
  cf: number | null;
  /** The rate NeuMF's evidence is measured from: above it the model raised the score. */
  cfBase: number;
  history: TrackHistory | undefined;
  penalties: HistoryPenalties;
  /** The skipped track it sounds like, and the penalty that earned it. */
  skippedNeighbour: Readonly<{ title: string; penalty: number }> | null;
  now: Date;
}>;

/** Collaborative weight below which the model's opinion is not mentioned. */
const MENTION_W = 0.1;
/** Penalties below this are not mentioned. */
const MENTION_PENALTY = 0.03;
/** Every track of a queue is somewhat like a skipped one; only real neighbours are told. */
const MENTION_NEIGHBOUR = 0.15;

/** "3 min", "5 h", "2 days". */
export function ago(fromIso: string, now: Date): string {
  const minutes = Math.max(0, (now.getTime() - Date.parse(fromIso)) / 60_000);
  if (minutes < 60) return `${Math.max(1, Math.round(minutes))} min ago`;
  const hours = minutes / 60;
  if (hours < 36) return `${Math.round(hours)} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export function explain(e: Explained): string {
  const parts: string[] = [];
  if (e.lead) parts.push(e.lead);
  if (e.soundsLike !== null) parts.push(`sounds like ${e.soundsLike}`);
  if (e.cf !== null && e.w >= MENTION_W) {
    const percent = Math.round(e.cf * 100);
    if (e.cf >= e.cfBase) parts.push(`fits what this session plays (${percent} %)`);
    else parts.push(`this session's taste is unsure of it (${percent} %)`);
  }
  const h = e.history;
  const usual = h ? usualPartOf(h) : null;
  if (usual !== null) parts.push(`you usually finish it in ${usual} sessions`);
  else if (h && h.plays > 0) parts.push(`you finished it ${times(h.plays)}`);
  else if (!h) parts.push('new to you');
  if (e.penalties.skip >= MENTION_PENALTY && h?.lastSkippedAt) {
    parts.push(`skipped ${ago(h.lastSkippedAt, e.now)}`);
  }
  if (e.penalties.recent >= MENTION_PENALTY && h?.lastPlayedAt) {
    parts.push(`played ${ago(h.lastPlayedAt, e.now)}`);
  }
  if (e.skippedNeighbour && e.skippedNeighbour.penalty >= MENTION_NEIGHBOUR) {
    parts.push(`moved down: close to ${e.skippedNeighbour.title}, skipped in this session`);
  }
  return parts.join(' · ');
}

function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}
