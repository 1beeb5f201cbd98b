import type { JSX } from 'react';
import type { InferredTag } from '../../../../../shared/api-contract-media';

/** What the tooltip of a guessed tag says. */
export const INFERRED_HINT = 'Read from the file’s name or folder: the file has no such tag';

/** Whether `tag` of `row` was read from its path rather than the file. */
export function isInferred(
  row: Readonly<{ inferred?: readonly InferredTag[] }> | undefined,
  tag: InferredTag,
): boolean {
  return row?.inferred?.includes(tag) === true;
}

/** A tag's value, in italics with a tooltip when it was guessed from the file's path. */
export function TagText(
  props: Readonly<{ value: string | null; inferred: boolean; className?: string }>,
): JSX.Element | null {
  if (props.value === null || props.value === '') return null;
  const classes = [props.className, props.inferred ? 'inferred' : undefined].filter(Boolean);
  return (
    <span
      className={classes.length > 0 ? classes.join(' ') : undefined}
      title={props.inferred ? INFERRED_HINT : undefined}
    >
      {props.value}
    </span>
  );
}

/** "Artist — Album", each part shown as guessed when it was. */
export function ArtistAlbum(
  props: Readonly<{
    row: Readonly<{
      artist: string | null;
      album: string | null;
      inferred?: readonly InferredTag[];
    }>;
    className?: string;
  }>,
): JSX.Element {
  const { row } = props;
  if (!isInferred(row, 'artist') && !isInferred(row, 'album')) {
    // One text node, as the line always read, when nothing in it is a guess.
    return (
      <span className={props.className}>{[row.artist, row.album].filter(Boolean).join(' — ')}</span>
    );
  }
  const both = row.artist !== null && row.artist !== '' && row.album !== null && row.album !== '';
  return (
    <span className={props.className}>
      <TagText value={row.artist} inferred={isInferred(row, 'artist')} />
      {both && ' — '}
      <TagText value={row.album} inferred={isInferred(row, 'album')} />
    </span>
  );
}
