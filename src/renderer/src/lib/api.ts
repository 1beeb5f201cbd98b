/**
 * The renderer's only door to the app. Components reach the backend through {@link useApi} and
 * the hooks built on it, never `window.deepcut` or fetch, so a fake `Api` can drive them in tests
 * and the same screens run in Electron and in the browser.
 */
import { createContext, useContext } from 'react';
import type { Api } from '../../../shared/api-client';
import type { DeepcutVersions } from '../../../preload/api';
import { electronApi } from './electron-transport';
import { webApi } from './web-transport';

export { ApiCallError, type Api } from '../../../shared/api-client';

/** The Electron bridge when the preload installed one, else the web mode's HTTP transport. */
export function createApi(): Api {
  return window.deepcut === undefined ? webApi() : electronApi(window.deepcut);
}

/** The API the components use; the app's root provides it. */
export const ApiContext = createContext<Api | null>(null);

/** The API from the nearest provider. */
export function useApi(): Api {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useApi needs an <ApiContext.Provider>');
  return api;
}

/** One line naming the app and runtime versions, for the footer and bug reports. */
export function formatVersions(versions: DeepcutVersions): string {
  return `Deepcut ${versions.app} · Electron ${versions.electron} · Chromium ${versions.chrome} · Node ${versions.node}`;
}

/** The runtime versions inside Electron; undefined in a browser. */
export function electronVersions(): DeepcutVersions | undefined {
  return window.deepcut?.versions;
}
