import type { FeedbackEntry, FeedbackTarget, FeedbackValue } from '../../../shared/feedback';
import type { Engine } from '../../engine/engine';
import { COMMON_OPTIONS, parseCommand, writeJson, type CliIo } from '../io';
import { UsageError } from '../usage';

export const FEEDBACK_OPTIONS = {
  ...COMMON_OPTIONS,
  profile: { type: 'string' },
  // Repeatable in the radio's flags, which share the engine's option table; one is taken here.
  artist: { type: 'string', multiple: true },
  album: { type: 'string', multiple: true },
} as const;

const VALUE_OF_VERB: Readonly<Record<string, FeedbackValue>> = {
  love: 'love',
  ban: 'ban',
  clear: 'none',
};

function single(values: readonly string[] | undefined, flag: string): string | undefined {
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 1) throw new UsageError(`feedback takes one ${flag}`);
  return values[0];
}

/** The target from `<track>`, `--artist NAME` or `--album NAME [--artist NAME]`. */
function targetOf(
  verb: string,
  track: string | undefined,
  artist: string | undefined,
  album: string | undefined,
): FeedbackTarget {
  if (track !== undefined) {
    if (artist !== undefined || album !== undefined)
      throw new UsageError(`feedback ${verb} takes a track or --artist/--album, not both`);
    return { kind: 'track', id: track };
  }
  if (album !== undefined)
    return artist === undefined
      ? { kind: 'album', name: album }
      : { kind: 'album', name: album, artist };
  if (artist !== undefined) return { kind: 'artist', name: artist };
  throw new UsageError(
    `feedback ${verb} needs a track (path or id), --artist NAME or --album NAME`,
  );
}

function describeTarget(target: FeedbackTarget, entry?: FeedbackEntry): string {
  switch (target.kind) {
    case 'track': {
      const track = entry?.track;
      if (entry === undefined) return `track ${target.id}`;
      if (!track) return `track ${target.id} (no longer in the library)`;
      return `${track.artist ?? 'unknown artist'} – ${track.title} (${target.id})`;
    }
    case 'artist':
      return `artist "${target.name}"`;
    case 'album':
      return `album "${target.name}"${target.artist === undefined ? '' : ` by ${target.artist}`}`;
  }
}

/** `deepcut feedback love|ban|clear|list`: returns the exit code. */
export async function feedbackCommand(
  engine: Engine,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommand(args, FEEDBACK_OPTIONS);
  const [verb, track, extra] = positionals;
  if (extra !== undefined)
    throw new UsageError(`feedback ${verb ?? ''} takes no argument "${extra}"`);
  const profile = values.profile;
  if (verb === 'list') {
    if (track !== undefined) throw new UsageError(`feedback list takes no argument "${track}"`);
    const list = await engine.feedbackList(profile);
    if (values.json) {
      writeJson(io, list);
      return 0;
    }
    const lines = [
      ...list.loved.map((e) => `loved   ${e.at}  ${describeTarget(e.target, e)}`),
      ...list.banned.map((e) => `banned  ${e.at}  ${describeTarget(e.target, e)}`),
    ];
    io.stdout.write(lines.length === 0 ? 'No loves or bans.\n' : `${lines.join('\n')}\n`);
    return 0;
  }
  const value = verb === undefined ? undefined : VALUE_OF_VERB[verb];
  if (verb === undefined || value === undefined)
    throw new UsageError(`feedback needs love, ban, clear or list${verb ? `, got "${verb}"` : ''}`);
  const target = targetOf(
    verb,
    track,
    single(values.artist, '--artist'),
    single(values.album, '--album'),
  );
  const result = await engine.setFeedback({ target, value, profile });
  if (values.json) writeJson(io, result);
  else {
    const what = describeTarget(result.target);
    const done = { love: 'Loved', ban: 'Banned', none: 'Cleared the feedback on' }[value];
    io.stdout.write(
      result.changed ? `${done} ${what}.\n` : `Nothing to change: ${what} already stood so.\n`,
    );
  }
  return 0;
}
