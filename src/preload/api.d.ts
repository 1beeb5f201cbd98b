/**
 * What the preload exposes to the renderer as `window.deepcut`: one method per channel of the
 * contract (src/shared/api-contract.ts), each resolving to its reply envelope, plus `on` for
 * events. The renderer's tsconfig includes this file, so both ends are typed from one contract;
 * `ipcRenderer` itself is never exposed.
 */
import type { ApiMethods, Subscribe } from '../shared/api-client';

/** Versions of the app and of the runtime it runs on. */
export type DeepcutVersions = Readonly<{
  app: string;
  electron: string;
  chrome: string;
  node: string;
}>;

/** The bridge object at `window.deepcut`. */
export type DeepcutBridge = ApiMethods<true> &
  Readonly<{
    versions: DeepcutVersions;
    /** Subscribes to a pushed event; returns the function that unsubscribes. */
    on: Subscribe;
  }>;

declare global {
  interface Window {
    /** Present inside the Electron app; absent when the renderer runs in a plain browser. */
    readonly deepcut?: DeepcutBridge;
  }
}
