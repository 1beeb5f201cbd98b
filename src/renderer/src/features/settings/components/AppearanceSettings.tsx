import type { JSX } from 'react';
import type { AppSettings } from '../../../../../shared/api-contract-ui';
import { messageOf } from '../../common/errors';
import { useNotify } from '../../screens/hooks/use-notify';
import { useSettings } from '../settings-store';

const THEME_LABELS: ReadonlyArray<readonly [AppSettings['theme'], string]> = [
  ['system', 'As the system'],
  ['dark', 'Dark'],
  ['light', 'Light'],
];

/** Dark, light, or as the system says. */
export function AppearanceSettings(): JSX.Element {
  const [store, settings] = useSettings();
  const notify = useNotify();
  return (
    <section className="card" aria-labelledby="appearance-title">
      <h3 id="appearance-title">Appearance</h3>
      <fieldset className="choices inline">
        <legend>Theme</legend>
        {THEME_LABELS.map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name="theme"
              value={value}
              checked={settings?.theme === value}
              disabled={settings === null}
              onChange={() =>
                store
                  .update({ theme: value })
                  .catch((error: unknown) => notify(`Not saved: ${messageOf(error)}`))
              }
            />
            {label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
