/**
 * Saved playlists and M3U8: save what the recommender made, list and show them, export to M3U8
 * and import from it, matching each entry to a library track by its path (absolute, or relative
 * to the playlist file), else by its #EXTINF "artist - title" when exactly one track has those
 * tags. Entries that match nothing are reported with their line, never silently dropped.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import type { LibraryStore } from '../store/library-store';
import {
  PlaylistStore,
  type PlaylistKind,
  type PlaylistListing,
  type SavedEntry,
  type SavedPlaylist,
} from '../store/playlist-store';
import { StoreError } from '../store/store-error';
import type { StoredTrack } from '../store/types';
import type { LibrarySnapshot } from './library-snapshot';
import { formatM3u, parseM3u, type M3uEntry } from './m3u';
import { RecommendError } from './recommend-error';

/** A playlist file at the root of the file system: locations written against it stay absolute. */
export const ABSOLUTE_BASE = resolve('/', 'playlist.m3u8');

/** An M3U8 entry that matched no library track. */
export type UnmatchedEntry = Readonly<{ line: number; location: string; reason: string }>;

/** What an import saved and what it could not match. */
export type PlaylistImport = Readonly<{
  playlist: SavedPlaylist;
  byPath: number;
  byTags: number;
  unmatched: UnmatchedEntry[];
}>;

export type PlaylistsOptions = Readonly<{
  dataDir: string;
  library: LibraryStore;
  snapshot: () => Promise<LibrarySnapshot>;
}>;

const fold = (text: string): string => text.normalize('NFKC').trim().toLowerCase();

function savedEntry(track: StoredTrack): SavedEntry {
  const { id, path, title, artist, album, durationSec } = track;
  return { id, path, title, artist, album, durationSec };
}

export class Playlists {
  private readonly store: PlaylistStore;

  constructor(private readonly options: PlaylistsOptions) {
    this.store = new PlaylistStore(options.dataDir);
  }

  list(): Promise<PlaylistListing> {
    return this.store.list();
  }

  /** The playlist called `name`; an error naming it when there is none. */
  async show(name: string): Promise<SavedPlaylist> {
    const playlist = await this.store.get(name);
    if (!playlist) throw new StoreError(`no playlist called "${name}"`);
    return playlist;
  }

  /** Saves library tracks (by id) as a playlist, replacing one of the same name. */
  async save(
    input: Readonly<{ name: string; kind: PlaylistKind; trackIds: readonly string[] }>,
  ): Promise<SavedPlaylist> {
    const entries = await this.entriesOf(input.trackIds);
    return this.store.save({ name: input.name, kind: input.kind, entries });
  }

  remove(name: string): Promise<boolean> {
    return this.store.remove(name);
  }

  /** Writes a saved playlist as M3U8; returns the tracks written. */
  async export(name: string, file: string): Promise<number> {
    const playlist = await this.show(name);
    await writeM3uFile(file, playlist.entries);
    return playlist.entries.length;
  }

  /**
   * A saved playlist as M3U8 text with absolute paths, for a host that hands the text to the
   * person (a download) instead of writing a file itself.
   */
  async exportText(name: string): Promise<Readonly<{ text: string; tracks: number }>> {
    const playlist = await this.show(name);
    // From the root, every location stays absolute: the file may be saved anywhere.
    return { text: formatM3u(playlist.entries, ABSOLUTE_BASE), tracks: playlist.entries.length };
  }

  /** Writes library tracks (by id) as M3U8. */
  async exportTracks(trackIds: readonly string[], file: string): Promise<void> {
    await writeM3uFile(file, await this.entriesOf(trackIds));
  }

  /**
   * Reads an M3U/M3U8 file, matches its entries to library tracks and saves the matches as a
   * playlist named `name` (default: the file's name).
   */
  async import(file: string, name?: string): Promise<PlaylistImport> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new StoreError(`cannot read ${file}: ${(error as Error).message}`);
    }
    return this.importText(text, file, name ?? basename(file, extname(file)));
  }

  /**
   * Like {@link import} for M3U text that came without its file (the app's renderer reads the
   * file the person picked and sends its text, never a path): relative entries are read against
   * `playlistFile`, and entries whose path is not in the library are matched by their tags.
   */
  async importText(text: string, playlistFile: string, name: string): Promise<PlaylistImport> {
    const file = playlistFile;
    const snapshot = await this.options.snapshot();
    const byTags = tagIndex(snapshot);
    const entries: SavedEntry[] = [];
    const unmatched: UnmatchedEntry[] = [];
    let pathMatches = 0;
    let tagMatches = 0;
    const parsed = parseM3u(text, file);
    const atPath = await this.tracksAt(parsed, snapshot);
    for (const entry of parsed) {
      const byPath = entry.path === null ? undefined : atPath.get(entry.path);
      const tagged = byPath ? undefined : tagMatch(entry, byTags);
      const track = byPath ?? tagged;
      if (track) {
        entries.push(savedEntry(track));
        if (byPath) pathMatches++;
        else tagMatches++;
      } else {
        const reason =
          entry.path === null
            ? 'not a local file'
            : 'no library track at this path or with these tags';
        unmatched.push({ line: entry.line, location: entry.location, reason });
      }
    }
    const playlist = await this.store.save({ name, kind: 'imported', entries });
    return { playlist, byPath: pathMatches, byTags: tagMatches, unmatched };
  }

  /** The library tracks at the entries' paths: the snapshot's, then the store's in one pass. */
  private async tracksAt(
    entries: readonly M3uEntry[],
    snapshot: LibrarySnapshot,
  ): Promise<Map<string, StoredTrack>> {
    const found = new Map<string, StoredTrack>();
    const missing: string[] = [];
    for (const { path } of entries) {
      if (path === null || found.has(path)) continue;
      const track = snapshot.atPath(path)?.track;
      if (track) found.set(path, track);
      else missing.push(path);
    }
    for (const [path, track] of await this.options.library.findByPaths(missing)) {
      found.set(path, track);
    }
    return found;
  }

  private async entriesOf(trackIds: readonly string[]): Promise<SavedEntry[]> {
    const snapshot = await this.options.snapshot();
    const entries: SavedEntry[] = [];
    for (const id of trackIds) {
      const track = snapshot.get(id)?.track ?? (await this.options.library.getTrack(id));
      if (!track) throw new RecommendError(`unknown track: ${id}`);
      entries.push(savedEntry(track));
    }
    return entries;
  }
}

async function writeM3uFile(file: string, entries: readonly SavedEntry[]): Promise<void> {
  const target = resolve(file);
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, formatM3u(entries, target), 'utf8');
  } catch (error) {
    throw new StoreError(`cannot write ${target}: ${(error as Error).message}`);
  }
}

/** Analysed tracks by folded "artist - title" (and "title" alone), for entries whose path moved. */
function tagIndex(snapshot: LibrarySnapshot): Map<string, StoredTrack[]> {
  const index = new Map<string, StoredTrack[]>();
  for (const { track } of snapshot.all()) {
    const key = fold(track.artist ? `${track.artist} - ${track.title}` : track.title);
    index.set(key, [...(index.get(key) ?? []), track]);
  }
  return index;
}

/** The one track whose tags read as the entry's #EXTINF text, if exactly one does. */
function tagMatch(entry: M3uEntry, index: Map<string, StoredTrack[]>): StoredTrack | undefined {
  if (entry.display === null) return undefined;
  const found = index.get(fold(entry.display)) ?? [];
  return found.length === 1 ? found[0] : undefined;
}
