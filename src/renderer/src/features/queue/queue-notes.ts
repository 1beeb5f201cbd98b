/**
 * What the player's queue does not know about its tracks: why each one is there (the
 * recommender's explanation and score), the seeds the queue was made from (so a skip can re-rank
 * the rest toward them), and how far each track moved at the last re-ranking (so the change can
 * be shown). The queue itself stays the player's.
 */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { SeedArg } from '../../../../shared/api-contract-ui';
import type { QueueOriginArg } from '../../../../shared/api-contract-radio';

/**
 * A re-ranking moves most tracks a place or two; only a move by more than this many places is
 * news worth marking.
 */
export const NOTABLE_MOVE = 3;

/** Whether a move of `places` (positive is up) is worth marking. */
export function isNotableMove(places: number): boolean {
  return Math.abs(places) > NOTABLE_MOVE;
}

/** Why a track is in the queue. */
export type QueueNote = Readonly<{ why: string; score: number | null }>;

/** Everything the store holds, replaced as a whole on each change. */
export type QueueNotesState = Readonly<{
  notes: ReadonlyMap<string, QueueNote>;
  /** The seeds of the queue (a radio's), or null for a queue of chosen tracks. */
  seeds: readonly SeedArg[] | null;
  /** Whether the queue was recommended, so a skip re-ranks it (an album played in order is not). */
  adaptive: boolean;
  /** What the queue was made from, so it goes on when it runs low (endless play); null: it ends. */
  origin: QueueOriginArg | null;
  /** Places each track moved at the last re-ranking: positive is up. */
  moves: ReadonlyMap<string, number>;
  /** Tracks the last re-ranking removed, by title, and the track whose skip caused it. */
  dropped: readonly string[];
  skipped: string | null;
}>;

const EMPTY: QueueNotesState = {
  notes: new Map(),
  seeds: null,
  adaptive: false,
  origin: null,
  moves: new Map(),
  dropped: [],
  skipped: null,
};

/** The notes of the app's one queue. */
export class QueueNotes {
  private state: QueueNotesState = EMPTY;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  readonly getState = (): QueueNotesState => this.state;

  /** A new queue: its tracks' notes and seeds replace the old ones. */
  replace(
    notes: ReadonlyMap<string, QueueNote>,
    seeds: readonly SeedArg[] | null,
    adaptive: boolean,
    origin: QueueOriginArg | null = null,
  ): void {
    this.set({ notes, seeds, adaptive, origin, moves: new Map(), dropped: [], skipped: null });
  }

  /** Notes for tracks added to the queue. */
  add(notes: ReadonlyMap<string, QueueNote>): void {
    this.set({ notes: new Map([...this.state.notes, ...notes]) });
  }

  /** The outcome of a re-ranking after `skipped` was skipped. */
  reranked(
    skipped: string,
    notes: ReadonlyMap<string, QueueNote>,
    moves: ReadonlyMap<string, number>,
    dropped: readonly string[],
  ): void {
    this.set({ notes: new Map([...this.state.notes, ...notes]), moves, dropped, skipped });
  }

  /** Forgets the last re-ranking's changes (they are shown for a while, then fade). */
  settle(): void {
    if (this.state.moves.size > 0 || this.state.dropped.length > 0) {
      this.set({ moves: new Map(), dropped: [] });
    }
  }

  private set(patch: Partial<QueueNotesState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/** The notes the app's root provides. */
export const QueueNotesContext = createContext<QueueNotes | null>(null);

/** The queue's notes and their state, re-rendering on change. */
export function useQueueNotes(): [QueueNotes, QueueNotesState] {
  const notes = useContext(QueueNotesContext);
  if (notes === null) throw new Error('useQueueNotes needs a <QueueNotesContext.Provider>');
  return [notes, useSyncExternalStore(notes.subscribe, notes.getState)];
}
