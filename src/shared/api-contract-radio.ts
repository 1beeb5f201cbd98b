/**
 * The channels of endless play and of the mixes' groups: the next tracks of a radio, mix or path
 * when its queue runs low, and which mix each track belongs to (the discover map's "colour by
 * mix"). Composed into {@link ApiChannels} in api-contract.ts; same rules as the others. Pure
 * TypeScript.
 */
import type { NoArg } from './api-contract';
import type { RecommendedRow, SeedArg } from './api-contract-ui';

/** What a queue was made from: a radio's seeds, a mix by name, or a path's two ends. */
export type QueueOriginArg =
  | Readonly<{ kind: 'radio'; seeds: readonly SeedArg[] }>
  | Readonly<{ kind: 'mix'; name: string }>
  | Readonly<{ kind: 'path'; from: string; to: string }>;

/** Every mix by id, and each track's mix (tracks in no mix are absent). */
export type MixMembershipView = Readonly<{
  mixes: readonly Readonly<{ id: number; name: string; size: number }>[];
  mixOf: Readonly<Record<string, number>>;
}>;

export type RadioChannels = {
  /**
   * The next tracks of an endless radio, mix or path (a path goes on as a radio from its end;
   * a mix plays its own tracks, then a radio from its heart). `queued` is every track heard or
   * queued in this session from this queue, in order, the ones still queued last: none comes
   * again, and the artist limits count from its end. The plays and skips are read from the
   * events the player recorded; the setting's `adventurous` unless given. `count` default 10.
   */
  'recommend:continue-queue': (
    arg: Readonly<{
      origin: QueueOriginArg;
      queued: readonly string[];
      count?: number;
      adventurous?: number;
    }>,
  ) => Promise<RecommendedRow[]>;
  /** Which mix each analysed track belongs to: the same groups as `recommend:list-mixes`. */
  'recommend:get-mix-membership': (arg: NoArg) => Promise<MixMembershipView>;
};

/** The channels of {@link RadioChannels}, in order. */
export const RADIO_CHANNELS = [
  'recommend:continue-queue',
  'recommend:get-mix-membership',
] as const satisfies readonly (keyof RadioChannels)[];

type MissingRadioChannels = Exclude<keyof RadioChannels, (typeof RADIO_CHANNELS)[number]>;
const everyRadioChannelListed: [MissingRadioChannels] extends [never]
  ? true
  : MissingRadioChannels = true;
void everyRadioChannelListed;
