import { useEffect, useRef, useState, type JSX } from 'react';
import type { AppMode } from '../../../../../shared/api-types';
import { useApi } from '../../../lib/api';
import { formatCount } from '../../../lib/format';
import { Notice } from '../../common/components/Notice';
import { messageOf } from '../../common/errors';
import { useAsync } from '../../common/hooks/use-async';
import { useUi } from '../../screens/hooks/use-ui';
import { AppearanceSettings } from './AppearanceSettings';
import { FoldersSettings } from './FoldersSettings';
import { FeedbackSettings } from './FeedbackSettings';
import { HistoryImportSettings } from './HistoryImportSettings';
import { PlaybackSettings } from './PlaybackSettings';
import { ResetLearningDialog } from './ResetLearningDialog';
import { useSettings } from '../settings-store';

// The slider saves after the hand stops, not on every step.
const SAVE_DELAY_MS = 300;

const BACKEND_NAMES = {
  tensorflow: 'native TensorFlow',
  wasm: 'WebAssembly',
  cpu: 'plain JavaScript (cpu)',
} as const;

/**
 * Library folders, playback (crossfade, levelling, output), the familiar ↔ adventurous setting,
 * loved and banned tracks, the theme, where data lives, the engine, resetting.
 */
export function SettingsScreen(props: Readonly<{ mode: AppMode }>): JSX.Element {
  const api = useApi();
  const ui = useUi();
  const status = useAsync(() => api.engine.getStatus({}), [api, ui.revision]);
  const [settingsStore, settings] = useSettings();
  const [adventurous, setAdventurous] = useState<number | null>(null);
  const [resetting, setResetting] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const shown = adventurous ?? settings?.adventurous ?? 0.3;

  useEffect(() => () => clearTimeout(timer.current), []);

  const slide = (value: number): void => {
    setAdventurous(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      settingsStore
        .update({ adventurous: value })
        .catch((error: unknown) => ui.notify(`Not saved: ${messageOf(error)}`));
    }, SAVE_DELAY_MS);
  };

  const s = status.value;
  return (
    <section className="screen settings-screen" aria-labelledby="settings-title">
      <div className="screen-head">
        <h2 id="settings-title">Settings</h2>
      </div>
      <div className="screen-body settings-body">
        {status.error !== null && (
          <Notice kind="error" title="The engine did not answer.">
            {status.error}
          </Notice>
        )}
        <FoldersSettings mode={props.mode} folders={s?.folders} onChanged={status.reload} />
        <PlaybackSettings />
        <section className="card" aria-labelledby="taste-title">
          <h3 id="taste-title">Recommendations</h3>
          <label className="slider">
            <span>Familiar</span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              aria-label="Familiar to adventurous"
              value={shown}
              aria-valuetext={`${Math.round(shown * 100)} % adventurous`}
              onChange={(event) => slide(Number(event.target.value))}
            />
            <span>Adventurous</span>
            <output className="slider-value" aria-hidden="true">
              {Math.round(shown * 100)} %
            </output>
          </label>
          <p className="muted">
            Toward familiar, radios stay close to their seeds and to what you finish; toward
            adventurous, they wander further and favour tracks you have not heard.
          </p>
          <p className="muted">
            Deepcut learns from what you play and skip in the background, a few tracks at a time;
            after a scan that brings many new tracks it also fine-tunes its ear for your library.
            The bar under the header shows it while it works, with a Cancel button.
          </p>
          <button type="button" className="danger" onClick={() => setResetting(true)}>
            Reset learning…
          </button>
        </section>
        <FeedbackSettings />
        <HistoryImportSettings />
        <AppearanceSettings />
        <section className="card" aria-labelledby="engine-title">
          <h3 id="engine-title">Engine</h3>
          {s === undefined ? (
            <p className="muted">Reading…</p>
          ) : (
            <dl className="tags">
              <div>
                <dt>Data folder</dt>
                <dd>
                  <code>{s.dataDir}</code>
                </dd>
              </div>
              <div>
                <dt>Tracks</dt>
                <dd>
                  {formatCount(s.total)} ({formatCount(s.analysed)} analysed,{' '}
                  {formatCount(s.failed)} failed)
                </dd>
              </div>
              <div>
                <dt>TF.js backend</dt>
                <dd>{BACKEND_NAMES[s.backend]}</dd>
              </div>
              <div>
                <dt>Native acceleration</dt>
                <dd>
                  {s.nativeAcceleration
                    ? 'installed'
                    : 'not installed (optional: @tensorflow/tfjs-node)'}
                </dd>
              </div>
              <div>
                <dt>Audio model</dt>
                <dd>
                  <code>{s.modelVersion}</code>
                </dd>
              </div>
            </dl>
          )}
        </section>
      </div>
      {resetting && <ResetLearningDialog onDone={ui.notify} onClose={() => setResetting(false)} />}
    </section>
  );
}
