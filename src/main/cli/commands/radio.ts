import type { Engine } from '../../engine/engine';
import type { PlaylistKind } from '../../engine/store/playlist-store';
import type { PlaylistEntry, SeedRef } from '../../engine/recommend/types';
import { COMMON_OPTIONS, parseCommand, positiveInt, writeJson, type CliIo } from '../io';
import { UsageError } from '../usage';

/** Flags of every command that makes a playlist. */
export const PLAYLIST_OUTPUT_OPTIONS = {
  ...COMMON_OPTIONS,
  n: { type: 'string', short: 'n' },
  profile: { type: 'string' },
  m3u: { type: 'string' },
  save: { type: 'string' },
} as const;

export const RADIO_OPTIONS = {
  ...PLAYLIST_OUTPUT_OPTIONS,
  seed: { type: 'string', multiple: true },
  artist: { type: 'string', multiple: true },
  album: { type: 'string', multiple: true },
  minutes: { type: 'string' },
  adventurous: { type: 'string' },
} as const;

/** A number within [min, max] from a flag, or a usage error naming the flag. */
export function numberIn(
  value: string | undefined,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`${flag} takes a number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/** Prints a playlist: JSON entries, or numbered lines with their explanation. */
export function printEntries(io: CliIo, entries: readonly PlaylistEntry[], json: boolean): void {
  if (json) {
    writeJson(io, entries);
    return;
  }
  if (entries.length === 0) {
    io.stdout.write('No tracks fit.\n');
    return;
  }
  entries.forEach((e, i) => {
    const who = e.artist ? `${e.artist} — ` : '';
    io.stdout.write(
      `${String(i + 1).padStart(3)}. ${e.score.toFixed(3)}  ${who}${e.title}  (${e.path})\n`,
    );
    io.stdout.write(`        ${e.why}\n`);
  });
}

/** Writes `--m3u FILE` and saves `--save NAME` when asked; says so unless --json. */
export async function keepPlaylist(
  engine: Engine,
  io: CliIo,
  entries: readonly PlaylistEntry[],
  options: Readonly<{ m3u?: string; save?: string; json: boolean; kind: PlaylistKind }>,
): Promise<void> {
  const ids = entries.map((e) => e.id);
  const playlists = engine.playlists();
  if (options.m3u !== undefined) {
    await playlists.exportTracks(ids, options.m3u);
    if (!options.json) io.stdout.write(`Wrote ${ids.length} tracks to ${options.m3u}.\n`);
  }
  if (options.save !== undefined) {
    await playlists.save({ name: options.save, kind: options.kind, trackIds: ids });
    if (!options.json) io.stdout.write(`Saved the playlist "${options.save}".\n`);
  }
}

/** `deepcut radio --seed <path|id>...`: returns the exit code. */
export async function radioCommand(
  engine: Engine,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommand(args, RADIO_OPTIONS);
  if (positionals.length > 0) {
    throw new UsageError(`radio takes its seeds as --seed <path|id>, got "${positionals[0]}"`);
  }
  const seeds: SeedRef[] = [
    ...(values.seed ?? []).map((ref) => ({ kind: 'track' as const, ref })),
    ...(values.album ?? []).map((album) => ({ kind: 'album' as const, album })),
    ...(values.artist ?? []).map((artist) => ({ kind: 'artist' as const, artist })),
  ];
  if (seeds.length === 0)
    throw new UsageError('radio needs --seed <path|id> (or --artist, --album)');
  const minutes = numberIn(values.minutes, '--minutes', 1, 100_000);
  const entries = await engine.radio({
    seeds,
    count:
      values.n === undefined && minutes !== undefined ? undefined : positiveInt(values.n, '-n', 30),
    durationSec: minutes === undefined ? undefined : minutes * 60,
    adventurous: numberIn(values.adventurous, '--adventurous', 0, 1),
    profile: values.profile,
  });
  printEntries(io, entries, values.json);
  await keepPlaylist(engine, io, entries, { ...values, kind: 'radio' });
  return 0;
}
