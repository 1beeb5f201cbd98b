/**
 * A session taste read from a table, for tests and benches of the recommender: each known track
 * has a label (its album, say), and a session likes some labels. Played tracks add their label,
 * skipped ones remove theirs. It is a real, deterministic scorer standing in for NeuMF, which is
 * a dependency of the recommender, not what its tests are about.
 */
import type {
  SessionSignal,
  SessionTaste,
  TasteSource,
  TrackScore,
} from '../../src/main/engine/cf/session-taste';

/** Score of a track whose label the session likes, and of one it does not. */
export const LIKED_SCORE = 0.9;
export const OTHER_SCORE = 0.1;

export type TasteTable = Readonly<{
  /** The label of every track the "model" was trained on; others are cold. */
  labels: ReadonlyMap<string, string>;
  /** Training events per track (the evidence); default 5 for every labelled track. */
  evidence?: ReadonlyMap<string, number>;
  /** Labels every session starts out liking. */
  liked?: readonly string[];
}>;

export class TableTaste implements SessionTaste {
  readonly version = 'table-1';

  constructor(
    private readonly table: TasteTable,
    private readonly liked: ReadonlySet<string>,
    readonly sessionEvents: number,
  ) {}

  score(trackIds: readonly string[]): Map<string, number> {
    const scores = new Map<string, number>();
    for (const id of trackIds) {
      const label = this.table.labels.get(id);
      if (label !== undefined) scores.set(id, this.liked.has(label) ? LIKED_SCORE : OTHER_SCORE);
    }
    return scores;
  }

  trackEvidence(trackId: string): number {
    if (!this.table.labels.has(trackId)) return 0;
    return this.table.evidence?.get(trackId) ?? 5;
  }

  top(n: number, exclude: ReadonlySet<string> = new Set()): TrackScore[] {
    const ids = [...this.table.labels.keys()].filter((id) => !exclude.has(id)).sort();
    return [...this.score(ids)]
      .map(([id, score]) => ({ id, score }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, n);
  }

  withEvent(event: SessionSignal): SessionTaste {
    const label = this.table.labels.get(event.track);
    const liked = new Set(this.liked);
    if (label !== undefined && event.signal === 'play') liked.add(label);
    if (label !== undefined && event.signal === 'skip') liked.delete(label);
    return new TableTaste(
      this.table,
      liked,
      this.sessionEvents + (event.signal === 'neutral' ? 0 : 1),
    );
  }
}

/** Tastes from a table; `calls` counts full refits, so tests can see fold-ins happen. */
export class TableTasteSource implements TasteSource {
  calls = 0;

  constructor(private readonly table: TasteTable) {}

  async taste(session: readonly SessionSignal[]): Promise<SessionTaste> {
    this.calls++;
    let taste: SessionTaste = new TableTaste(this.table, new Set(this.table.liked ?? []), 0);
    for (const event of session) taste = taste.withEvent(event);
    return taste;
  }
}
