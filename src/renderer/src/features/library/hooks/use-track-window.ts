/**
 * The library list for a windowed table: pages of rows loaded as they scroll into view, kept
 * while the same search and sort show, all dropped when either (or the library) changes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TrackRow, TrackSortKey } from '../../../../../shared/api-types';
import { useApi } from '../../../lib/api';
import { messageOf } from '../../common/errors';

/** Rows per request: a few screens' worth, well under the API's limit of 500. */
export const PAGE = 200;
// Typing fires one search per pause, not one per key.
const SEARCH_DELAY_MS = 150;

/** What the list shows. */
export type TrackView = Readonly<{ sort: TrackSortKey; direction: 'asc' | 'desc'; search: string }>;

export type TrackWindow = Readonly<{
  /** Matching tracks, null until the first page arrives. */
  total: number | null;
  error: string | null;
  /** The row at an index, if its page is loaded. */
  rowAt: (index: number) => TrackRow | undefined;
  /** Loads the pages covering rows `from` … `to − 1` that are not loaded yet. */
  ensure: (from: number, to: number) => void;
  /** The rows at these indices, in the order given, loading the pages not in memory. */
  rowsAt: (indices: readonly number[]) => Promise<TrackRow[]>;
}>;

export function useTrackWindow(view: TrackView, revision: number): TrackWindow {
  const api = useApi();
  const pages = useRef(new Map<number, readonly TrackRow[]>());
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setLoaded] = useState(0);

  const load = useCallback(
    (page: number, round: number) => {
      if (pages.current.has(page) || pending.current.has(page)) return;
      pending.current.add(page);
      api.library
        .listTracks({ ...view, offset: page * PAGE, limit: PAGE })
        .then((result) => {
          if (round !== generation.current) return;
          pages.current.set(page, result.rows);
          setTotal(result.total);
          setError(null);
          setLoaded((n) => n + 1);
        })
        .catch((caught: unknown) => round === generation.current && setError(messageOf(caught)))
        .finally(() => round === generation.current && pending.current.delete(page));
    },
    [api, view],
  );

  useEffect(() => {
    const round = ++generation.current;
    pages.current = new Map();
    pending.current = new Set();
    const timer = setTimeout(() => load(0, round), view.search === '' ? 0 : SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [load, view.search, revision]);

  const ensure = useCallback(
    (from: number, to: number) => {
      if (total === null) return;
      const last = Math.min(to, total) - 1;
      for (let page = Math.floor(from / PAGE); page <= Math.floor(last / PAGE); page++) {
        load(page, generation.current);
      }
    },
    [load, total],
  );

  const rowAt = useCallback(
    (index: number) => pages.current.get(Math.floor(index / PAGE))?.[index % PAGE],
    [],
  );

  const rowsAt = useCallback(
    async (indices: readonly number[]) => {
      const round = generation.current;
      const missing = [...new Set(indices.map((i) => Math.floor(i / PAGE)))].filter(
        (page) => !pages.current.has(page),
      );
      const fetched = new Map<number, readonly TrackRow[]>();
      await Promise.all(
        missing.map(async (page) => {
          const result = await api.library.listTracks({
            ...view,
            offset: page * PAGE,
            limit: PAGE,
          });
          fetched.set(page, result.rows);
          if (round === generation.current) pages.current.set(page, result.rows);
        }),
      );
      const pageOf = (page: number) => pages.current.get(page) ?? fetched.get(page);
      return indices.flatMap((i) => {
        const row = pageOf(Math.floor(i / PAGE))?.[i % PAGE];
        return row === undefined ? [] : [row];
      });
    },
    [api, view],
  );

  return { total, error, rowAt, ensure, rowsAt };
}
