/**
 * The player's channels beyond the screens': what the standing feedback says of the tracks in
 * the queue (so shuffle leaves out what the person said not to play, and hearts show). Composed
 * into {@link ApiChannels} in api-contract.ts; same rules: `area:verb-noun`, one argument
 * object, plain data back. Pure TypeScript.
 */

/** Most track ids one check takes (a queue, a screen of rows). */
export const MAX_CHECKED_TRACKS = 5000;

/** The player's channels (see {@link ApiChannels} for the rules). */
export type PlayerChannels = {
  /**
   * Which of these tracks the person loves, and which must not be played because the track, its
   * artist or its album is banned ("Don't play this"), by the engine's own matching of artists
   * and albums. Unknown ids are neither.
   */
  'feedback:check-tracks': (
    arg: Readonly<{ ids: readonly string[]; profile?: string }>,
  ) => Promise<Readonly<{ loved: string[]; excluded: string[] }>>;
};

/** The player's channels, in the order of {@link PlayerChannels}. */
export const PLAYER_CHANNELS = [
  'feedback:check-tracks',
] as const satisfies readonly (keyof PlayerChannels)[];

type MissingPlayerChannels = Exclude<keyof PlayerChannels, (typeof PLAYER_CHANNELS)[number]>;
const everyPlayerChannelListed: [MissingPlayerChannels] extends [never]
  ? true
  : MissingPlayerChannels = true;
void everyPlayerChannelListed;
