import type { Engine } from '../../engine/engine';
import { COMMON_OPTIONS, parseCommand, writeJson, type CliIo } from '../io';
import { UsageError } from '../usage';

export const PLAYLIST_OPTIONS = { ...COMMON_OPTIONS, name: { type: 'string' } } as const;

const minutes = (seconds: number): string => `${Math.round(seconds / 60)} min`;

/** `deepcut playlist list|show|export|import|delete`: returns the exit code. */
export async function playlistCommand(
  engine: Engine,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommand(args, PLAYLIST_OPTIONS);
  const [verb, first, second, extra] = positionals;
  const playlists = engine.playlists();
  const expect = (count: number, usage: string): void => {
    const given = [first, second, extra].filter((p) => p !== undefined).length;
    if (given !== count) throw new UsageError(`usage: deepcut playlist ${usage}`);
  };
  switch (verb) {
    case 'list': {
      expect(0, 'list [--json]');
      const { playlists: all, damaged } = await playlists.list();
      if (values.json) {
        writeJson(
          io,
          all.map((p) => ({
            name: p.name,
            kind: p.kind,
            tracks: p.entries.length,
            updatedAt: p.updatedAt,
          })),
        );
      } else {
        for (const p of all) {
          const seconds = p.entries.reduce((sum, e) => sum + (e.durationSec ?? 0), 0);
          io.stdout.write(
            `${p.name}  (${p.kind}, ${p.entries.length} tracks, ${minutes(seconds)})\n`,
          );
        }
        if (all.length === 0) io.stdout.write('No saved playlists yet.\n');
      }
      for (const d of damaged)
        io.stderr.write(`deepcut: skipped an unreadable playlist ${d.file}: ${d.reason}\n`);
      return 0;
    }
    case 'show': {
      expect(1, 'show <name> [--json]');
      const playlist = await playlists.show(first ?? '');
      if (values.json) writeJson(io, playlist);
      else {
        io.stdout.write(
          `${playlist.name}  (${playlist.kind}, ${playlist.entries.length} tracks)\n`,
        );
        playlist.entries.forEach((e, i) => {
          const who = e.artist ? `${e.artist} — ` : '';
          io.stdout.write(`${String(i + 1).padStart(3)}. ${who}${e.title}  (${e.path})\n`);
        });
      }
      return 0;
    }
    case 'export': {
      expect(2, 'export <name> <file.m3u8>');
      const written = await playlists.export(first ?? '', second ?? '');
      if (values.json) writeJson(io, { file: second, tracks: written });
      else io.stdout.write(`Wrote ${written} tracks to ${second}.\n`);
      return 0;
    }
    case 'import': {
      expect(1, 'import <file.m3u8> [--name NAME]');
      const result = await playlists.import(first ?? '', values.name);
      const { playlist, byPath, byTags, unmatched } = result;
      if (values.json) {
        writeJson(io, {
          name: playlist.name,
          tracks: playlist.entries.length,
          byPath,
          byTags,
          unmatched,
        });
      } else {
        io.stdout.write(
          `Imported "${playlist.name}": ${playlist.entries.length} tracks (${byPath} by path, ${byTags} by tags).\n`,
        );
      }
      for (const u of unmatched)
        io.stderr.write(`deepcut: line ${u.line}: ${u.location}: ${u.reason}\n`);
      return 0;
    }
    case 'delete': {
      expect(1, 'delete <name>');
      if (!(await playlists.remove(first ?? '')))
        throw new UsageError(`no playlist called "${first}"`);
      if (values.json) writeJson(io, { deleted: first });
      else io.stdout.write(`Deleted "${first}".\n`);
      return 0;
    }
    default:
      throw new UsageError(
        `playlist needs list, show, export, import or delete${verb ? `, got "${verb}"` : ''}`,
      );
  }
}
