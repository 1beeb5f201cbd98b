/**
 * The renderer's only door to the app. Components never read `window.deepcut` themselves, so a
 * fake API can drive them in tests and the web mode can supply its own.
 */
import type { DeepcutApi, DeepcutVersions } from '../../../preload/api';

/** The preload bridge, or undefined when the renderer runs in a plain browser. */
export function deepcutApi(): DeepcutApi | undefined {
  return window.deepcut;
}

/** One line naming the app and runtime versions, for the footer and bug reports. */
export function formatVersions(versions: DeepcutVersions): string {
  return `Deepcut ${versions.app} · Electron ${versions.electron} · Chromium ${versions.chrome} · Node ${versions.node}`;
}
