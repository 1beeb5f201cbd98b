/** Saving tracks as a new playlist from any screen: a name already taken is refused, not replaced. */
import type { Api } from '../../../../shared/api-client';
import type { PlaylistKindName } from '../../../../shared/api-contract-ui';

/** Saves `trackIds` as a new playlist `name`; throws with words to show when the name is taken. */
export async function saveNewPlaylist(
  api: Api,
  name: string,
  kind: PlaylistKindName,
  trackIds: readonly string[],
): Promise<void> {
  const existing = await api.playlists.listAll({});
  if (existing.playlists.some((p) => p.name.toLowerCase() === name.toLowerCase())) {
    throw new Error(`A playlist called “${name}” exists already: choose another name.`);
  }
  await api.playlists.savePlaylist({ name, kind, trackIds });
}
