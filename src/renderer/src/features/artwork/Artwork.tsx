import { useState, type JSX } from 'react';
import type { ArtworkSize } from '../../../../shared/api-contract-media';
import { useApi } from '../../lib/api';

/** The track whose artwork shows for `row`, or null when it has none. */
export function artworkOf(
  row: Readonly<{ id: string; artwork: boolean }> | undefined,
): string | null {
  return row?.artwork === true ? row.id : null;
}

/**
 * A track's (or an album's, through one of its tracks) artwork thumbnail, by track id only; a
 * quiet placeholder when there is none or the picture does not load. Decorative: the title
 * beside it says what it is.
 */
export function Artwork(
  props: Readonly<{ trackId: string | null; size: ArtworkSize; className?: string }>,
): JSX.Element {
  const api = useApi();
  const [failed, setFailed] = useState<string | null>(null);
  const { trackId } = props;
  const shown = trackId !== null && failed !== trackId;
  return (
    <span
      className={`artwork${props.className === undefined ? '' : ` ${props.className}`}`}
      aria-hidden="true"
      data-testid="artwork"
      data-artwork={shown ? 'picture' : 'none'}
    >
      {shown ? (
        <img
          src={api.artworkUrl(trackId, props.size)}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
          onError={() => setFailed(trackId)}
        />
      ) : (
        <span className="artwork-none">♪</span>
      )}
    </span>
  );
}
