/**
 * Handlers of the screens' channels (src/shared/api-contract-ui.ts) over one Engine: radio,
 * paths, mixes and re-ranking, saved playlists and M3U8, the discover map and settings; the
 * learning channels are the engine host's, which runs the learning. Entries lose their file
 * paths here: the renderer plays by id.
 */
import type {
  PlaylistSummary,
  PlaylistView,
  RecommendedTrack,
  SeedArg,
} from '../../shared/api-contract-ui';
import type { Engine } from '../engine/engine';
import { ABSOLUTE_BASE } from '../engine/recommend/playlists';
import { RecommendError } from '../engine/recommend/recommend-error';
import type { PlaylistEntry, SeedRef } from '../engine/recommend/types';
import { PlaylistStore, type SavedEntry, type SavedPlaylist } from '../engine/store/playlist-store';
import { ApiFailure } from './api-errors';
import type { Handlers } from './dispatcher';
import { trackGroups } from './track-groups';
import { SettingsFile } from './ui-settings';

export function recommended(entry: PlaylistEntry): RecommendedTrack {
  const { id, title, artist, album, durationSec, score, audio, cf, why, reasons } = entry;
  return { id, title, artist, album, durationSec, score, audio, cf, why, reasons };
}

export function seedRef(seed: SeedArg): SeedRef {
  return seed.kind === 'track' ? { kind: 'track', ref: seed.id } : seed;
}

function summaryOf(playlist: SavedPlaylist): PlaylistSummary {
  const durationSec = playlist.entries.reduce((sum, e) => sum + (e.durationSec ?? 0), 0);
  const { name, kind, updatedAt } = playlist;
  return { name, kind, count: playlist.entries.length, durationSec, updatedAt };
}

function viewOf(playlist: SavedPlaylist): PlaylistView {
  return {
    ...summaryOf(playlist),
    createdAt: playlist.createdAt,
    tracks: playlist.entries.map(({ id, title, artist, album, durationSec }) => ({
      id,
      title,
      artist,
      album,
      durationSec,
    })),
  };
}

/** A recommender's refusal as the renderer should see it: a missing thing, or a bad request. */
export async function recommending<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof RecommendError)) throw error;
    const missing = /unknown|no analysed|no audio embedding/.test(error.message);
    throw new ApiFailure(missing ? 'not-found' : 'bad-request', error.message);
  }
}

/** The handlers of the screens' channels. */
export function uiHandlers(engine: Engine): Handlers {
  const settings = new SettingsFile(engine.store.dataDir);
  const saved = new PlaylistStore(engine.store.dataDir);
  const adventurousOr = async (given: number | undefined): Promise<number> =>
    given ?? (await settings.read()).adventurous;
  const existing = async (name: string): Promise<SavedPlaylist> => {
    const playlist = await saved.get(name);
    if (playlist === null) throw new ApiFailure('not-found', `no playlist called "${name}"`);
    return playlist;
  };
  // Entries of a playlist being saved: those it already had keep their record (their track may
  // have left the library since); new ones come from the library.
  const entriesFor = async (
    ids: readonly string[],
    before: SavedPlaylist | null,
  ): Promise<SavedEntry[]> => {
    const known = new Map(before?.entries.map((e) => [e.id, e]));
    const entries: SavedEntry[] = [];
    for (const id of ids) {
      const kept = known.get(id);
      if (kept) {
        entries.push(kept);
        continue;
      }
      const track = await engine.store.getTrack(id);
      if (track === null) throw new ApiFailure('not-found', `unknown track: ${id}`);
      const { path, title, artist, album, durationSec } = track;
      entries.push({ id, path, title, artist, album, durationSec });
    }
    return entries;
  };

  return {
    'recommend:make-radio': async ({ seeds, count, adventurous }) => {
      const setting = await adventurousOr(adventurous);
      return recommending(async () =>
        (await engine.radio({ seeds: seeds.map(seedRef), count, adventurous: setting })).map(
          recommended,
        ),
      );
    },
    'recommend:make-path': ({ from, to, count }) =>
      recommending(async () => (await engine.path({ from, to, count })).map(recommended)),
    'recommend:list-mixes': ({ count }) =>
      recommending(async () =>
        (await engine.mixes({ count })).map((mix) => ({
          name: mix.name,
          size: mix.size,
          entries: mix.entries.map(recommended),
        })),
      ),
    'recommend:rerank-queue': async ({ queue, skipped, seeds, adventurous }) => {
      const setting = await adventurousOr(adventurous);
      return recommending(async () => {
        const result = await engine.rerankAfterSkip({
          queue,
          skipped,
          seeds: seeds?.map(seedRef),
          adventurous: setting,
        });
        return { entries: result.entries.map(recommended), dropped: result.dropped };
      });
    },
    'playlists:list-all': async () => {
      const { playlists, damaged } = await saved.list();
      return { playlists: playlists.map(summaryOf), damaged };
    },
    'playlists:get-playlist': async ({ name }) => viewOf(await existing(name)),
    'playlists:save-playlist': async ({ name, kind, trackIds }) => {
      const before = await saved.get(name);
      const entries = await entriesFor(trackIds, before?.name === name ? before : null);
      return summaryOf(await saved.save({ name, kind, entries }));
    },
    'playlists:rename-playlist': async ({ name, newName }) => {
      const playlist = await existing(name);
      if (newName === playlist.name) return summaryOf(playlist);
      const clash = await saved.get(newName);
      if (clash !== null && clash.name !== playlist.name) {
        throw new ApiFailure('bad-request', `a playlist called "${clash.name}" already exists`);
      }
      // Saved under the new name first: a crash in between leaves two copies, never none.
      const renamed = await saved.save({
        name: newName,
        kind: playlist.kind,
        entries: playlist.entries,
      });
      await saved.remove(playlist.name);
      return summaryOf(renamed);
    },
    'playlists:delete-playlist': async ({ name }) => {
      const playlist = await existing(name);
      return { deleted: await saved.remove(playlist.name) };
    },
    'playlists:export-m3u': async ({ name }) => {
      const playlist = await existing(name);
      const { text, tracks } = await engine.playlists().exportText(playlist.name);
      const fileName = `${playlist.name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ').trim() || 'playlist'}.m3u8`;
      return { fileName, text, tracks };
    },
    'playlists:import-m3u': async ({ text, fileName, name }) => {
      const playlistName = name ?? (fileName.replace(/\.m3u8?$/i, '').trim() || 'Imported');
      const result = await engine.playlists().importText(text, ABSOLUTE_BASE, playlistName);
      return {
        playlist: summaryOf(result.playlist),
        byPath: result.byPath,
        byTags: result.byTags,
        unmatched: result.unmatched,
      };
    },
    'library:list-groups': ({ by, direction, search }) =>
      trackGroups((query) => engine.store.listTracks(query), {
        by,
        direction: direction ?? 'asc',
        search: search ?? '',
      }),
    'discover:get-map': async () => {
      const map = await engine.projection();
      const { modelVersion, algorithm, cached } = map;
      return { modelVersion, algorithm, cached, points: map.tracks };
    },
    'settings:get-settings': () => settings.read(),
    'settings:update-settings': (change) => settings.update(change),
  };
}
