import { useCallback, useEffect, useState, type JSX } from 'react';
import type { Api } from '../../../shared/api-client';
import type { AppInfo } from '../../../shared/api-types';
import { APP_NAME } from '../../../shared/app-info';
import { ApiContext, electronVersions, formatVersions, useApi } from '../lib/api';
import { Screens } from '../features/screens/components/Screens';
import { PlayerBar } from '../features/player/PlayerBar';
import { PlayerContext, useCreatePlayer } from '../features/player/use-player';
import { FirstRun } from '../features/scan/FirstRun';
import { ScanBanner } from '../features/scan/ScanBanner';
import { LearningStatus } from '../features/settings/components/LearningStatus';
import { useScan } from '../features/scan/use-scan';
import { FeedbackContext, FeedbackStore } from '../features/feedback/feedback-store';
import { useQueueFeedback } from '../features/feedback/use-feedback-actions';
import { NotifyContext } from '../features/screens/hooks/use-notify';
import {
  SettingsContext,
  SettingsStore,
  useAppliedSettings,
} from '../features/settings/settings-store';

/** The app's root: provides the API and the player to every screen. */
export function App(props: Readonly<{ api: Api }>): JSX.Element {
  const player = useCreatePlayer(props.api);
  const [feedback] = useState(() => new FeedbackStore(props.api));
  const [settings] = useState(() => new SettingsStore(props.api));
  const [message, setMessage] = useState('');
  useQueueFeedback(player, feedback);
  useAppliedSettings(settings, player);

  // Messages clear themselves, so an old one is never mistaken for news.
  useEffect(() => {
    if (message === '') return;
    const timer = setTimeout(() => setMessage(''), 8000);
    return () => clearTimeout(timer);
  }, [message]);

  return (
    <ApiContext.Provider value={props.api}>
      <PlayerContext.Provider value={player}>
        <FeedbackContext.Provider value={feedback}>
          <SettingsContext.Provider value={settings}>
            <NotifyContext.Provider value={setMessage}>
              <Shell message={message} />
            </NotifyContext.Provider>
          </SettingsContext.Provider>
        </FeedbackContext.Provider>
      </PlayerContext.Provider>
    </ApiContext.Provider>
  );
}

/**
 * Header, the first-run or library screen, the scan and learning banners, the status line and
 * the player bar.
 */
function Shell(props: Readonly<{ message: string }>): JSX.Element {
  const api = useApi();
  const { scan, start, cancel } = useScan();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [folders, setFolders] = useState<readonly string[] | null>(null);
  const [revision, setRevision] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  const loadFolders = useCallback(() => {
    api.library
      .getFolders({})
      .then(setFolders)
      .catch((error: unknown) => setNotice(String(error)));
  }, [api]);

  useEffect(() => {
    api.app.getInfo({}).then(setInfo, (error: unknown) => setNotice(String(error)));
    loadFolders();
    const offChanged = api.on('library:changed', () => {
      setRevision((r) => r + 1);
      loadFolders();
    });
    const offRestarted = api.on('engine:restarted', ({ reason }) => {
      setNotice(`The engine stopped (${reason}) and was restarted.`);
      setRevision((r) => r + 1);
    });
    return () => {
      offChanged();
      offRestarted();
    };
  }, [api, loadFolders]);

  const addFolder = async (folder: string): Promise<void> => {
    setFolders(await api.library.addFolder({ path: folder }));
    await start();
  };

  const versions = electronVersions();
  const ready = info !== null && folders !== null;
  return (
    <div className="app">
      <header className="app-header">
        <h1>{APP_NAME}</h1>
      </header>
      {notice !== null && (
        <p className="notice" role="alert">
          {notice}
        </p>
      )}
      <ScanBanner scan={scan} onCancel={() => void cancel()} />
      <LearningStatus />
      {!ready ? (
        <main className="empty-state">Opening the library…</main>
      ) : folders.length === 0 ? (
        <FirstRun mode={info.mode} onAdded={addFolder} />
      ) : (
        <Screens revision={revision} mode={info.mode} />
      )}
      <p className="status-line" role="status">
        {props.message}
      </p>
      <PlayerBar />
      {versions !== undefined && (
        <footer className="version-line">{formatVersions(versions)}</footer>
      )}
    </div>
  );
}
