/**
 * Handlers of the screens' channels (src/shared/api-contract-ui.ts) over one Engine: radio,
 * paths, mixes and re-ranking, saved playlists and M3U8, the discover map and settings; the
 * learning channels are the engine host's, which runs the learning. Entries lose their file
 * paths here: the renderer plays by id.
 */
import type {
  PlaylistSummary,
  PlaylistView,
  RecommendedRow,
  SeedArg,
} from '../../shared/api-contract-ui';
import type { Engine } from '../engine/engine';
import { PlaylistEditError } from '../engine/playlists/saved-playlists';
import { RecommendError } from '../engine/recommend/recommend-error';
import type { PlaylistEntry, SeedRef } from '../engine/recommend/types';
import type { SavedPlaylist } from '../engine/store/playlist-store';
import { ApiFailure } from './api-errors';
import type { Handlers } from './dispatcher';
import { trackGroups } from './track-groups';

/**
 * Recommended entries with their library rows, without their paths. A track that left the
 * library between the recommendation and now keeps what the entry knows of it.
 */
export async function withRows(
  engine: Engine,
  entries: readonly PlaylistEntry[],
): Promise<RecommendedRow[]> {
  const rows = await engine.store.rows(entries.map((e) => e.id));
  return entries.map(({ id, title, artist, album, score, audio, cf, why, reasons }) => ({
    albumArtist: null,
    trackNo: null,
    discNo: null,
    year: null,
    genre: null,
    durationSec: null,
    status: 'analysed',
    artwork: false,
    loudness: null,
    inferred: [],
    ...rows.get(id),
    id,
    title,
    artist,
    album,
    score,
    audio,
    cf,
    why,
    reasons,
  }));
}

export function seedRef(seed: SeedArg): SeedRef {
  return seed.kind === 'track' ? { kind: 'track', ref: seed.id } : seed;
}

function summaryOf(playlist: SavedPlaylist): PlaylistSummary {
  const durationSec = playlist.entries.reduce((sum, e) => sum + (e.durationSec ?? 0), 0);
  const { name, kind, updatedAt } = playlist;
  return { name, kind, count: playlist.entries.length, durationSec, updatedAt };
}

/** A saved playlist with its tracks' artwork and levelling, for those still in the library. */
async function viewOf(engine: Engine, playlist: SavedPlaylist): Promise<PlaylistView> {
  const rows = await engine.store.rows(playlist.entries.map((e) => e.id));
  return {
    ...summaryOf(playlist),
    createdAt: playlist.createdAt,
    tracks: playlist.entries.map(({ id, title, artist, album, durationSec }) => {
      const row = rows.get(id);
      const known =
        row === undefined
          ? {}
          : { artwork: row.artwork, loudness: row.loudness, inferred: row.inferred };
      return { id, title, artist, album, durationSec, ...known };
    }),
  };
}

/** A playlist edit's refusal as the renderer should see it. */
async function editing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof PlaylistEditError)) throw error;
    throw new ApiFailure(error.reason === 'not-found' ? 'not-found' : 'bad-request', error.message);
  }
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
  const settings = engine.settings();
  const saved = engine.savedPlaylists();
  const adventurousOr = async (given: number | undefined): Promise<number> =>
    given ?? (await settings.read()).adventurous;

  return {
    'recommend:make-radio': async ({ seeds, count, adventurous }) => {
      const setting = await adventurousOr(adventurous);
      return recommending(async () =>
        withRows(
          engine,
          await engine.radio({ seeds: seeds.map(seedRef), count, adventurous: setting }),
        ),
      );
    },
    'recommend:make-path': ({ from, to, count }) =>
      recommending(async () => withRows(engine, await engine.path({ from, to, count }))),
    'recommend:list-mixes': ({ count }) =>
      recommending(async () =>
        Promise.all(
          (await engine.mixes({ count })).map(async (mix) => ({
            name: mix.name,
            size: mix.size,
            entries: await withRows(engine, mix.entries),
          })),
        ),
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
        return { entries: await withRows(engine, result.entries), dropped: result.dropped };
      });
    },
    'playlists:list-all': async () => {
      const { playlists, damaged } = await saved.list();
      return { playlists: playlists.map(summaryOf), damaged };
    },
    'playlists:get-playlist': ({ name }) =>
      editing(async () => viewOf(engine, await saved.get(name))),
    'playlists:save-playlist': (playlist) =>
      editing(async () => summaryOf(await saved.save(playlist))),
    'playlists:rename-playlist': ({ name, newName }) =>
      editing(async () => summaryOf(await saved.rename(name, newName))),
    'playlists:delete-playlist': ({ name }) =>
      editing(async () => ({ deleted: await saved.remove(name) })),
    'playlists:export-m3u': ({ name }) =>
      editing(async () => {
        const playlist = await saved.get(name);
        const { text, tracks } = await engine.exportPlaylistText(playlist.name);
        const fileName = `${playlist.name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ').trim() || 'playlist'}.m3u8`;
        return { fileName, text, tracks };
      }),
    'playlists:import-m3u': async ({ text, fileName, name }) => {
      const playlistName = name ?? (fileName.replace(/\.m3u8?$/i, '').trim() || 'Imported');
      const result = await engine.importPlaylistText(text, playlistName);
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
