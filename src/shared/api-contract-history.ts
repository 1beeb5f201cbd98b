/**
 * The history-import channels of the Settings screen: a listening history exported from
 * another app, previewed (match rate, unmatched entries) and then imported. The renderer reads
 * the file the person picked and sends its text, never a path, as `playlists:import-m3u` does.
 * Composed into {@link ApiChannels} in api-contract.ts. Pure TypeScript.
 */
import type { HistoryFormat, HistoryImportReport } from './history-import';

/** A history file's text and name (the name only helps tell the format). */
export type HistoryFileArg = Readonly<{
  text: string;
  fileName: string;
  /** Default: told from the name and the first characters. */
  format?: HistoryFormat;
  profile?: string;
}>;

/** The history-import channels (see {@link ApiChannels} for the rules). */
export type HistoryChannels = {
  /**
   * Reads and matches a history file and reports what an import would add; writes nothing.
   * Fails with `bad-request` and the line at fault for a file it cannot read.
   */
  'history:preview-import': (arg: HistoryFileArg) => Promise<HistoryImportReport>;
  /**
   * Imports a history file into the profile's listening events (durable when it resolves),
   * with loves and bans as feedback; the same file again adds nothing. The taste model then
   * learns on its usual schedule. Fails like the preview, having written nothing.
   */
  'history:import-file': (arg: HistoryFileArg) => Promise<HistoryImportReport>;
};

/** The history-import channels, in the order of {@link HistoryChannels}. */
export const HISTORY_CHANNELS = [
  'history:preview-import',
  'history:import-file',
] as const satisfies readonly (keyof HistoryChannels)[];

type MissingHistoryChannels = Exclude<keyof HistoryChannels, (typeof HISTORY_CHANNELS)[number]>;
const everyHistoryChannelListed: [MissingHistoryChannels] extends [never]
  ? true
  : MissingHistoryChannels = true;
void everyHistoryChannelListed;
