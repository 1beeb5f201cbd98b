/**
 * Saved playlists: one JSON file per playlist in `<data>/playlists/`.
 *
 * Why files and not a LanceDB table: a playlist is small, read and written whole, and edited
 * rarely; a file per playlist is replaced atomically (write a temporary file, fsync, rename), so
 * a crash leaves either the old playlist or the new one, never a mix, needs no migration, and
 * can be read, copied or backed up by hand. Entries keep their path and tags besides the track
 * id, so a playlist still exports after its tracks leave the library.
 */
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../../../shared/events';
import { StoreError } from './store-error';

/** Where a playlist came from. */
export const PLAYLIST_KINDS = ['radio', 'path', 'mix', 'imported', 'manual'] as const;
export type PlaylistKind = (typeof PLAYLIST_KINDS)[number];

const entrySchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  path: z.string().min(1),
  title: z.string(),
  artist: z.string().nullable(),
  album: z.string().nullable(),
  durationSec: z.number().nonnegative().nullable(),
});

/** A playlist's name: shown to people and named on the command line. */
export const playlistNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\p{Cc}]+$/u, 'must not contain control characters')
  .refine((s) => s.trim() === s, 'must not start or end with whitespace');

const playlistSchema = z.strictObject({
  format: z.literal('deepcut-playlist'),
  version: z.literal(1),
  name: playlistNameSchema,
  kind: z.enum(PLAYLIST_KINDS),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  entries: z.array(entrySchema),
});

/** One track of a saved playlist. */
export type SavedEntry = z.infer<typeof entrySchema>;
/** A saved playlist. */
export type SavedPlaylist = Omit<z.infer<typeof playlistSchema>, 'format' | 'version'>;
/** What to save: the dates are the store's business. */
export type PlaylistDraft = Pick<SavedPlaylist, 'name' | 'kind' | 'entries'>;

/** The playlists folder's contents, and the files in it that could not be read. */
export type PlaylistListing = Readonly<{
  playlists: SavedPlaylist[];
  damaged: Readonly<{ file: string; reason: string }>[];
}>;

/** The file name for a playlist name: lower-case letters, digits and dashes. */
export function playlistSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug === '' ? 'playlist' : slug;
}

export class PlaylistStore {
  /** The folder the playlists live in. */
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'playlists');
  }

  /** Every saved playlist by name; unreadable files are listed apart, never fatal. */
  async list(): Promise<PlaylistListing> {
    const files = await readdir(this.dir).catch(() => [] as string[]);
    const playlists: SavedPlaylist[] = [];
    const damaged: { file: string; reason: string }[] = [];
    for (const file of files.filter((f) => f.endsWith('.json')).sort()) {
      const read = await this.readFile(file);
      if ('reason' in read) damaged.push({ file: join(this.dir, file), reason: read.reason });
      else playlists.push(read.playlist);
    }
    playlists.sort((a, b) => a.name.localeCompare(b.name));
    return { playlists, damaged };
  }

  /** The playlist called `name` (exactly, else ignoring case), or null. */
  async get(name: string): Promise<SavedPlaylist | null> {
    const { playlists } = await this.list();
    return (
      playlists.find((p) => p.name === name) ??
      playlists.find((p) => p.name.toLowerCase() === name.toLowerCase()) ??
      null
    );
  }

  /** Saves a playlist, replacing one of the same name (whose creation date it keeps). */
  async save(draft: PlaylistDraft): Promise<SavedPlaylist> {
    const name = playlistNameSchema.safeParse(draft.name);
    if (!name.success) {
      throw new StoreError(`bad playlist name "${draft.name}": ${describeIssues(name.error)}`);
    }
    await mkdir(this.dir, { recursive: true });
    const files = await this.filesByName();
    const now = new Date().toISOString();
    const existing = files.get(draft.name);
    const playlist: SavedPlaylist = {
      name: draft.name,
      kind: draft.kind,
      createdAt: existing?.playlist.createdAt ?? now,
      updatedAt: now,
      entries: draft.entries.map((e) => entrySchema.parse(e)),
    };
    const taken = new Set([...files.values()].map((f) => f.file));
    let file = existing?.file ?? `${playlistSlug(draft.name)}.json`;
    for (let n = 2; !existing && taken.has(file); n++)
      file = `${playlistSlug(draft.name)}-${n}.json`;
    const text = JSON.stringify({ format: 'deepcut-playlist', version: 1, ...playlist }, null, 2);
    await writeAtomically(join(this.dir, file), `${text}\n`);
    return playlist;
  }

  /** Deletes a playlist; false when there is none of that name. */
  async remove(name: string): Promise<boolean> {
    const found = (await this.filesByName()).get(name);
    if (!found) return false;
    await rm(join(this.dir, found.file));
    return true;
  }

  private async filesByName(): Promise<Map<string, { file: string; playlist: SavedPlaylist }>> {
    const files = await readdir(this.dir).catch(() => [] as string[]);
    const byName = new Map<string, { file: string; playlist: SavedPlaylist }>();
    for (const file of files.filter((f) => f.endsWith('.json'))) {
      const read = await this.readFile(file);
      if ('playlist' in read) byName.set(read.playlist.name, { file, playlist: read.playlist });
    }
    return byName;
  }

  private async readFile(file: string): Promise<{ playlist: SavedPlaylist } | { reason: string }> {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(join(this.dir, file), 'utf8'));
    } catch (error) {
      return { reason: error instanceof Error ? error.message : String(error) };
    }
    const parsed = playlistSchema.safeParse(value);
    if (!parsed.success) return { reason: describeIssues(parsed.error) };
    const { name, kind, createdAt, updatedAt, entries } = parsed.data;
    return { playlist: { name, kind, createdAt, updatedAt, entries } };
  }
}

/** Replaces `path` with `text` so that a crash leaves the old file or the new, whole. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    // A full disk: the old playlist stays, and so must the space the attempt took.
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, path);
  // The rename is durable once the folder's entry is; folders cannot be opened on Windows.
  const folder = await open(join(path, '..'), 'r').catch(() => null);
  try {
    await folder?.sync();
  } finally {
    await folder?.close();
  }
}
