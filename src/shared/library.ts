/** Domain types shared by the engine, the CLI and the renderer. Pure TypeScript. */

/** A track as the library lists it. */
export type TrackSummary = Readonly<{
  id: string;
  path: string;
  title: string;
  artist: string | null;
  album: string | null;
}>;

/** Why a file could not be added to the library. */
export type ScanFailure = Readonly<{ path: string; reason: string }>;

/** Progress of a scan, throttled by the engine. */
export type ScanProgress = Readonly<{
  phase: 'walk' | 'analyse' | 'done';
  done: number;
  total: number;
  /** Seconds left at the current rate, null until it can be estimated. */
  etaSeconds: number | null;
  current: string | null;
}>;

/** The backends TF.js can run on here, best first. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
