import type { JSX } from 'react';
import { APP_NAME } from '../../shared/app-info';
import { deepcutApi, formatVersions } from './lib/api';

/** The app shell: a header and, until the library screen exists, an empty state. */
export function App(): JSX.Element {
  const versions = deepcutApi()?.versions;
  return (
    <div className="app">
      <header className="app-header">
        <h1>{APP_NAME}</h1>
      </header>
      <main className="empty-state">
        <p>
          Point {APP_NAME} at your music folders to begin — the library screen arrives in a later
          version.
        </p>
        <p>
          Until then, use the CLI: <code>npx deepcut scan &lt;folder&gt;</code>
        </p>
      </main>
      {versions !== undefined && (
        <footer className="version-line">{formatVersions(versions)}</footer>
      )}
    </div>
  );
}
