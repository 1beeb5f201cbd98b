import { useRef, useState, type JSX } from 'react';
import { useApi } from '../../../lib/api';
import { Notice } from '../../common/components/Notice';
import { messageOf } from '../../common/errors';
import { useAsync } from '../../common/hooks/use-async';
import { useUi } from '../../screens/hooks/use-ui';
import { sourceLabel } from '../hooks/use-play-list';
import { RecommendedListView } from './RecommendedListView';
import { SavedPlaylistView } from './SavedPlaylistView';

type Selection =
  | Readonly<{ kind: 'saved'; name: string }>
  | Readonly<{ kind: 'mix'; index: number }>
  | Readonly<{ kind: 'generated'; index: number }>
  | null;

/** Tracks per mix. */
const MIX_LENGTH = 40;

/** Saved playlists, the mixes of the library, and the radios and paths made this session. */
export function PlaylistsScreen(): JSX.Element {
  const api = useApi();
  const ui = useUi();
  const [selected, setSelected] = useState<Selection>(null);
  const picker = useRef<HTMLInputElement>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const importFile = async (file: File): Promise<void> => {
    setImportError(null);
    try {
      const result = await api.playlists.importM3u({
        text: await file.text(),
        fileName: file.name,
      });
      const missed = result.unmatched.length;
      ui.notify(
        `Imported “${result.playlist.name}”: ${result.playlist.count} tracks` +
          (missed > 0
            ? `; ${missed} not in the library (first: line ${result.unmatched[0]?.line}, ${result.unmatched[0]?.location}).`
            : '.'),
      );
      afterChange(result.playlist.name);
    } catch (caught) {
      setImportError(`${file.name} was not imported: ${messageOf(caught)}`);
    }
  };
  const saved = useAsync(() => api.playlists.listAll({}), [api, ui.revision]);
  const mixes = useAsync(() => api.recommend.listMixes({ count: MIX_LENGTH }), [api, ui.revision]);

  const choose = (selection: Selection): void => setSelected(selection);
  const isSelected = (selection: NonNullable<Selection>): boolean =>
    JSON.stringify(selection) === JSON.stringify(selected);
  const afterChange = (name: string | null): void => {
    saved.reload();
    setSelected(name === null ? null : { kind: 'saved', name });
  };

  const mix = selected?.kind === 'mix' ? mixes.value?.[selected.index] : undefined;
  const list = selected?.kind === 'generated' ? ui.generated[selected.index] : undefined;
  let detail: JSX.Element;
  if (selected?.kind === 'saved') {
    detail = <SavedPlaylistView key={selected.name} name={selected.name} onChanged={afterChange} />;
  } else if (mix !== undefined) {
    detail = (
      <RecommendedListView
        key={`mix-${mix.name}`}
        title={mix.name}
        subtitle={`A mix of ${mix.size} tracks that sound alike; the ${mix.entries.length} closest to its centre`}
        kind="mix"
        source={{ kind: 'mix', id: sourceLabel(mix.name) }}
        tracks={mix.entries}
        onSaved={afterChange}
      />
    );
  } else if (list !== undefined && selected?.kind === 'generated') {
    detail = (
      <RecommendedListView
        key={`generated-${selected.index}-${list.title}`}
        title={list.title}
        subtitle={`Made this session · ${list.tracks.length} tracks · not saved yet`}
        kind={list.kind}
        source={{
          kind: list.kind === 'manual' ? 'playlist' : list.kind,
          id: sourceLabel(list.title),
        }}
        tracks={list.tracks}
        onSaved={afterChange}
      />
    );
  } else {
    detail = (
      <Notice kind="empty" title="Choose a playlist or a mix.">
        Mixes group your music by sound. Radios and paths you start from a track’s menu in the
        Library appear under “Made this session”, ready to save.
      </Notice>
    );
  }

  return (
    <section className="screen playlists-screen" aria-labelledby="playlists-title">
      <div className="screen-head">
        <h2 id="playlists-title">Playlists</h2>
        <div className="toolbar">
          {/* The person picks the file; its text goes to the engine, never its path. */}
          <button type="button" onClick={() => picker.current?.click()}>
            Import M3U8…
          </button>
          <input
            ref={picker}
            type="file"
            accept=".m3u8,.m3u,audio/x-mpegurl"
            aria-label="M3U8 file to import"
            hidden
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void importFile(file);
            }}
          />
        </div>
      </div>
      {importError !== null && (
        <p className="error" role="alert">
          {importError}
        </p>
      )}
      <div className="split">
        <nav className="list-nav" aria-label="Playlists and mixes">
          <h3 className="nav-heading">Saved</h3>
          {saved.error !== null && (
            <p className="error" role="alert">
              {saved.error}
            </p>
          )}
          {saved.value?.playlists.length === 0 && (
            <p className="muted small">None yet: save a mix or a radio.</p>
          )}
          {saved.value?.damaged.map((d) => (
            <p key={d.file} className="error small">
              Could not read {d.file}: {d.reason}
            </p>
          ))}
          <ul aria-label="Saved playlists">
            {saved.value?.playlists.map((p) => (
              <li key={p.name}>
                <button
                  type="button"
                  aria-current={isSelected({ kind: 'saved', name: p.name }) ? 'true' : undefined}
                  onClick={() => choose({ kind: 'saved', name: p.name })}
                >
                  {p.name} <span className="muted">{p.count}</span>
                </button>
              </li>
            ))}
          </ul>
          <h3 className="nav-heading">Mixes</h3>
          {mixes.loading && mixes.value === undefined && (
            <p className="muted small">Finding the mixes in your library…</p>
          )}
          {mixes.error !== null && <p className="muted small">No mixes yet: {mixes.error}</p>}
          <ul aria-label="Mixes">
            {mixes.value?.map((m, index) => (
              <li key={m.name}>
                <button
                  type="button"
                  aria-current={isSelected({ kind: 'mix', index }) ? 'true' : undefined}
                  onClick={() => choose({ kind: 'mix', index })}
                >
                  {m.name} <span className="muted">{m.size}</span>
                </button>
              </li>
            ))}
          </ul>
          <h3 className="nav-heading">Made this session</h3>
          {ui.generated.length === 0 && (
            <p className="muted small">Radios and paths you start appear here.</p>
          )}
          <ul aria-label="Made this session">
            {ui.generated.map((g, index) => (
              <li key={`${index}-${g.title}`}>
                <button
                  type="button"
                  aria-current={isSelected({ kind: 'generated', index }) ? 'true' : undefined}
                  onClick={() => choose({ kind: 'generated', index })}
                >
                  {g.title}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="split-main">{detail}</div>
      </div>
    </section>
  );
}
