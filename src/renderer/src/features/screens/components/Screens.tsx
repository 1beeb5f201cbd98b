import { useCallback, useMemo, useState, type JSX } from 'react';
import type { AppMode } from '../../../../../shared/api-types';
import { useApi } from '../../../lib/api';
import { TrackDetailsPanel } from '../../details/components/TrackDetailsPanel';
import { DiscoverScreen } from '../../discover/components/DiscoverScreen';
import { LibraryScreen } from '../../library/components/LibraryScreen';
import { usePlayer } from '../../player/use-player';
import { PlaylistsScreen } from '../../playlists/components/PlaylistsScreen';
import { UpNextScreen } from '../../queue/components/UpNextScreen';
import { useSkipRerank } from '../../queue/hooks/use-skip-rerank';
import { useEndlessQueue } from '../../queue/hooks/use-endless-queue';
import { QueueNotes, QueueNotesContext } from '../../queue/queue-notes';
import { SettingsScreen } from '../../settings/components/SettingsScreen';
import { useNotify } from '../hooks/use-notify';
import { useShortcuts } from '../hooks/use-shortcuts';
import {
  SCREEN_LABELS,
  SCREENS,
  UiContext,
  type GeneratedList,
  type ScreenName,
  type Ui,
} from '../hooks/use-ui';
import '../../../styles/ui.css';

/** Lists made this session that the playlists screen keeps. */
const MAX_GENERATED = 20;

/**
 * The app's screens: a navigation rail (Alt+1 … Alt+5), the screen chosen, the details panel of
 * a track when one is open. Also keeps the queue's notes and re-ranks the
 * queue after a skip, whichever screen shows.
 */
export function Screens(props: Readonly<{ revision: number; mode: AppMode }>): JSX.Element {
  const api = useApi();
  const [player] = usePlayer();
  const notify = useNotify();
  const [notes] = useState(() => new QueueNotes());
  const [screen, setScreen] = useState<ScreenName>('library');
  const [details, setDetails] = useState<string | null>(null);
  const [generated, setGenerated] = useState<readonly GeneratedList[]>([]);
  useSkipRerank(api, player, notes);
  useEndlessQueue(api, player, notes);
  useShortcuts(setScreen, player);

  const addGenerated = useCallback(
    (list: GeneratedList) => setGenerated((lists) => [list, ...lists].slice(0, MAX_GENERATED)),
    [],
  );
  const ui: Ui = useMemo(
    () => ({
      screen,
      go: setScreen,
      showTrack: setDetails,
      notify,
      generated,
      addGenerated,
      revision: props.revision,
    }),
    [screen, notify, generated, addGenerated, props.revision],
  );

  return (
    <UiContext.Provider value={ui}>
      <QueueNotesContext.Provider value={notes}>
        <div className="workspace">
          <nav className="rail" aria-label="Screens">
            <ul>
              {SCREENS.map((name, i) => (
                <li key={name}>
                  <button
                    type="button"
                    aria-current={screen === name ? 'page' : undefined}
                    aria-keyshortcuts={`Alt+${i + 1}`}
                    onClick={() => setScreen(name)}
                  >
                    {SCREEN_LABELS[name]}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <main className="stage" id="main">
            {screen === 'library' && <LibraryScreen />}
            {screen === 'queue' && <UpNextScreen />}
            {screen === 'playlists' && <PlaylistsScreen />}
            {screen === 'discover' && <DiscoverScreen />}
            {screen === 'settings' && <SettingsScreen mode={props.mode} />}
          </main>
          {details !== null && <TrackDetailsPanel id={details} onClose={() => setDetails(null)} />}
        </div>
      </QueueNotesContext.Provider>
    </UiContext.Provider>
  );
}
