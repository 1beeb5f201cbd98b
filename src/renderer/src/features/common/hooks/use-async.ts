/** Loads something from the API when its inputs change, keeping the last value while reloading. */
import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../errors';

/** A value being loaded: the last one loaded, the last error, and a way to load it again. */
export type Async<T> = Readonly<{
  value: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}>;

type Settled<T> = Readonly<{
  deps: readonly unknown[];
  round: number;
  value: T | undefined;
  error: string | null;
}>;

const sameDeps = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((d, i) => Object.is(d, b[i]));

/**
 * Runs `load` on mount, whenever `deps` change and on `reload()`. Answers that arrive after a
 * newer request started are dropped, so a slow reply never overwrites a fresh one. It is loading
 * until an answer for the current inputs has arrived.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): Async<T> {
  const [round, setRound] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const reload = useCallback(() => setRound((r) => r + 1), []);

  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setSettled({ deps, round, value, error: null }),
      (caught: unknown) =>
        live &&
        setSettled((last) => ({ deps, round, value: last?.value, error: messageOf(caught) })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `load` and `deps` are fresh each render; the caller's deps (spread) and `round` say when to load again, as with useEffect itself.
  }, [...deps, round]);

  const current = settled !== null && settled.round === round && sameDeps(settled.deps, deps);
  return {
    value: settled?.value,
    error: current ? settled.error : null,
    loading: !current,
    reload,
  };
}
