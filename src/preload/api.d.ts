/**
 * What the preload exposes to the renderer as `window.deepcut`. The renderer's tsconfig includes
 * this file, so both ends are typed from one declaration. It will grow into the typed IPC
 * contract from src/shared; `ipcRenderer` itself is never exposed.
 */

/** Versions of the app and of the runtime it runs on. */
export type DeepcutVersions = Readonly<{
  app: string;
  electron: string;
  chrome: string;
  node: string;
}>;

/** The bridge object at `window.deepcut`. */
export type DeepcutApi = Readonly<{
  versions: DeepcutVersions;
}>;

declare global {
  interface Window {
    /** Present inside the Electron app; absent when the renderer runs in a plain browser. */
    readonly deepcut?: DeepcutApi;
  }
}
