/** The app's one player, shared by the screens through context. */
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { Api } from '../../../../shared/api-client';
import { Player, type PlayerState } from './player';

/** Creates the player for `api` once and ends its playback as a quit when the page goes away. */
export function useCreatePlayer(api: Api): Player {
  const [player] = useState(() => new Player(api));
  useEffect(() => {
    player.bindMediaKeys();
    const quit = (): void => player.quit();
    window.addEventListener('pagehide', quit);
    return () => window.removeEventListener('pagehide', quit);
  }, [player]);
  return player;
}

/** The player the app's root provides. */
export const PlayerContext = createContext<Player | null>(null);

/** The player and its state, re-rendering on every change. */
export function usePlayer(): [Player, PlayerState] {
  const player = useContext(PlayerContext);
  if (player === null) throw new Error('usePlayer needs a <PlayerContext.Provider>');
  const state = useSyncExternalStore(player.subscribe, player.getState);
  return [player, state];
}
