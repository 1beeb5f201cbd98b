/**
 * Saved playlists as the app edits them: open one, save an edited one (tracks it already had
 * keep their record, so a track that left the library since stays in it), rename, delete. The
 * files are the playlist store's (store/playlist-store.ts); M3U8 is recommend/playlists.ts's.
 */
import type { LibraryStore } from '../store/library-store';
import {
  PlaylistStore,
  type PlaylistKind,
  type PlaylistListing,
  type SavedEntry,
  type SavedPlaylist,
} from '../store/playlist-store';

/** A playlist or track the caller named does not exist, or a new name is taken. */
export class PlaylistEditError extends Error {
  override readonly name = 'PlaylistEditError';
  constructor(
    message: string,
    readonly reason: 'not-found' | 'name-taken',
  ) {
    super(message);
  }
}

export class SavedPlaylists {
  private readonly files: PlaylistStore;

  constructor(
    dataDir: string,
    private readonly library: LibraryStore,
  ) {
    this.files = new PlaylistStore(dataDir);
  }

  list(): Promise<PlaylistListing> {
    return this.files.list();
  }

  /** The playlist called `name` (names compare as the store compares them). */
  async get(name: string): Promise<SavedPlaylist> {
    const playlist = await this.files.get(name);
    if (playlist === null) throw new PlaylistEditError(`no playlist called "${name}"`, 'not-found');
    return playlist;
  }

  /** Saves tracks (by id) as the playlist `name`, replacing one of that name. */
  async save(
    input: Readonly<{ name: string; kind: PlaylistKind; trackIds: readonly string[] }>,
  ): Promise<SavedPlaylist> {
    const before = await this.files.get(input.name);
    const known = new Map(before?.name === input.name ? before.entries.map((e) => [e.id, e]) : []);
    const entries: SavedEntry[] = [];
    for (const id of input.trackIds) {
      const kept = known.get(id);
      if (kept !== undefined) {
        entries.push(kept);
        continue;
      }
      const track = await this.library.getTrack(id);
      if (track === null) throw new PlaylistEditError(`unknown track: ${id}`, 'not-found');
      const { path, title, artist, album, durationSec } = track;
      entries.push({ id, path, title, artist, album, durationSec });
    }
    return this.files.save({ name: input.name, kind: input.kind, entries });
  }

  /** Renames a playlist; refuses a name another playlist has. */
  async rename(name: string, newName: string): Promise<SavedPlaylist> {
    const playlist = await this.get(name);
    if (newName === playlist.name) return playlist;
    const clash = await this.files.get(newName);
    if (clash !== null && clash.name !== playlist.name) {
      throw new PlaylistEditError(`a playlist called "${clash.name}" already exists`, 'name-taken');
    }
    // Saved under the new name first: a crash in between leaves two copies, never none.
    const renamed = await this.files.save({
      name: newName,
      kind: playlist.kind,
      entries: playlist.entries,
    });
    await this.files.remove(playlist.name);
    return renamed;
  }

  /** Deletes a playlist (its tracks stay in the library). */
  async remove(name: string): Promise<boolean> {
    const playlist = await this.get(name);
    return this.files.remove(playlist.name);
  }
}
