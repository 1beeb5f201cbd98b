/** The app's status line: a short message read out by screen readers, from any part of the page. */
import { createContext, useContext } from 'react';

/** Shows a message in the status line (it clears itself after a while). */
export type Notify = (message: string) => void;

export const NotifyContext = createContext<Notify | null>(null);

export function useNotify(): Notify {
  const notify = useContext(NotifyContext);
  if (notify === null) throw new Error('useNotify needs a <NotifyContext.Provider>');
  return notify;
}
