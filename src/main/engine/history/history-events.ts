/**
 * Matched history as listening events. A dated play (scrobble, listen) is one play at its time.
 * A library's counts (iTunes, Rhythmbox) become as many dated events, the newest at the song's
 * last-played (or last-skipped) date and the others a day apart before it, never before the
 * song entered that library: the skip decay and the recently-played rules then see old skips as
 * old and recent plays as recent, as they were. Counts already imported from the same source
 * are not added again, so importing a later export of the same library adds only the new plays.
 * Sessions are left to the engine's 30-minute rule (events/sessions.ts).
 */
import type { EventDraft, ListeningEvent } from '../../../shared/events';
import { classify } from '../events/signals';
import type { HistoryEntry } from './history-entry';
import type { LibraryTrack } from './match-tracks';

/** An entry and its library track. */
export type MatchedEntry = Readonly<{ entry: HistoryEntry; track: LibraryTrack }>;

const DAY_MS = 86_400_000;
/** How long an imported skip was heard: under 30 s, a skip by the rules (signals.ts). */
const SKIP_MS = 5_000;
/** The length of a track whose length nobody knows: a play either way, as it is heard whole. */
const UNKNOWN_LENGTH_MS = 180_000;

/** The events of matched entries; `source` names the import in each event (`import:…`). */
export function historyDrafts(
  matched: readonly MatchedEntry[],
  options: Readonly<{ source: string; existing: readonly ListeningEvent[]; nowMs: number }>,
): EventDraft[] {
  const { source, nowMs } = options;
  // Plays and skips this source already put in the log, per track.
  const already = new Map<string, { plays: number; skips: number }>();
  for (const event of options.existing) {
    if (event.source.id !== source) continue;
    const tally = already.get(event.track) ?? { plays: 0, skips: 0 };
    if (classify(event) === 'skip') tally.skips++;
    else tally.plays++;
    already.set(event.track, tally);
  }
  const drafts: EventDraft[] = [];
  const event = (track: LibraryTrack, durationMs: number, atMs: number, skip: boolean) => {
    drafts.push({
      track: track.id,
      startedAt: new Date(atMs).toISOString(),
      msPlayed: skip ? Math.min(SKIP_MS, durationMs) : durationMs,
      durationMs,
      end: skip ? 'next' : 'finished',
      source: { kind: 'library', id: source },
    });
  };
  for (const { entry, track } of matched) {
    const durationMs =
      track.durationSec !== null && track.durationSec > 0
        ? Math.round(track.durationSec * 1000)
        : (entry.durationMs ?? UNKNOWN_LENGTH_MS);
    if (entry.playedAtMs !== null) {
      event(track, durationMs, entry.playedAtMs, false);
      continue;
    }
    const counts = entry.counts;
    if (counts === null) continue;
    const done = already.get(track.id) ?? { plays: 0, skips: 0 };
    // A song listed twice (two copies in that library) counts once, by its larger counts.
    const playAnchor = counts.lastPlayedMs ?? counts.addedMs ?? nowMs;
    spread(counts.plays - done.plays, playAnchor, counts.addedMs, (at) =>
      event(track, durationMs, at, false),
    );
    spread(counts.skips - done.skips, counts.lastSkippedMs ?? playAnchor, counts.addedMs, (at) =>
      event(track, durationMs, at, true),
    );
    already.set(track.id, {
      plays: Math.max(done.plays, counts.plays),
      skips: Math.max(done.skips, counts.skips),
    });
  }
  return drafts;
}

/** `n` times, the newest at `anchorMs`, a day apart, squeezed after `floorMs` when it is known. */
function spread(n: number, anchorMs: number, floorMs: number | null, at: (ms: number) => void) {
  if (n <= 0) return;
  const room = floorMs !== null && floorMs < anchorMs ? (anchorMs - floorMs) / n : DAY_MS;
  const step = Math.max(1_000, Math.min(DAY_MS, Math.floor(room)));
  for (let k = 0; k < n; k++) at(anchorMs - k * step);
}
