/**
 * Tags read from where a file sits, for files whose own tags are missing or are placeholders
 * ("<Unknown>", "Unknown Artist", "Track 03"). A library laid out as `Artist/Album/03 - Title.ogg`
 * says most of what the tags would; so does a name like `album__track_name` (as game soundtracks
 * ship). What is inferred is marked, so the UI can show it as a guess.
 */
import { basename, dirname, extname, relative, sep } from 'node:path';
import type { InferredTag, TrackTags } from '../store/types';
import type { FileTags } from './tags';

// Whole-value placeholders that taggers and rippers write when they know nothing.
const PLACEHOLDERS = [
  /^[<[(]?\s*unknown(?:\s+(?:artist|album|title|genre|track))?\s*[>\])]?$/i,
  /^(?:n\/?a|none|null|undefined|untitled|no\s+(?:artist|album|title)|various)$/i,
  /^[-?_.\s]*$/,
];
// "Track 3", "Audio Track 03", "03 - Track 03": what a CD ripper calls a track it cannot name.
const PLACEHOLDER_TITLE = /^(?:\d+\s*[-.]\s*)?(?:audio\s+)?track\s*\d*$/i;

/** Whether a tag value says nothing (blank or a placeholder); titles also "Track 03" and so on. */
export function isPlaceholder(value: string, tag: 'title' | 'other' = 'other'): boolean {
  const text = value.trim();
  if (PLACEHOLDERS.some((re) => re.test(text))) return true;
  return tag === 'title' && PLACEHOLDER_TITLE.test(text);
}

// Folders that number the discs of an album rather than name anything.
const DISC_FOLDER = /^(?:cd|disc|disk)\s*\d+$/i;
// "03 - Title", "03. Title", "03_Title", "3 Title": a leading track number.
const NUMBERED = /^(\d{1,3})(?:\s*[-._]\s*|\s+)(.+)$/;

/** What a path says about a track: each part null when the path does not say. */
export type PathTags = Readonly<{
  title: string;
  artist: string | null;
  album: string | null;
  trackNo: number | null;
}>;

function readable(text: string): string {
  // Names without spaces use underscores for them ("A_New_Journey").
  const spaced = text.includes(' ') ? text : text.replace(/_+/g, ' ');
  return spaced.replace(/\s+/g, ' ').trim();
}

/**
 * Reads title, artist, album and track number from a file's path below its library folder:
 * the file name gives the title and maybe a track number ("03 - Title"), an album
 * ("album__title") or an artist ("Artist - Title"); the folder holding it is the album and the
 * one above it the artist ("Artist/Album/03 - Title.ogg"). A disc folder ("CD2") is skipped.
 * Folders at or above `root` say nothing.
 */
export function tagsFromPath(path: string, root: string | null): PathTags {
  const name = basename(path, extname(path));
  let title = name;
  let trackNo: number | null = null;
  let album: string | null = null;
  let artist: string | null = null;

  const numbered = NUMBERED.exec(title);
  if (numbered?.[1] !== undefined && numbered[2] !== undefined) {
    trackNo = Number(numbered[1]);
    title = numbered[2];
  }
  const underscored = /^(.+?)__(.+)$/.exec(title);
  if (underscored?.[1] !== undefined && underscored[2] !== undefined) {
    album = readable(underscored[1]);
    title = underscored[2];
  }

  const inside = root === null ? '' : relative(root, dirname(path));
  const folders = inside === '' || inside.startsWith('..') ? [] : inside.split(sep);
  while (folders.length > 0 && DISC_FOLDER.test(folders.at(-1) ?? '')) folders.pop();
  const folderAlbum = folders.at(-1);
  const folderArtist = folders.at(-2);
  if (album === null && folderAlbum !== undefined) album = readable(folderAlbum);
  if (folderArtist !== undefined) artist = readable(folderArtist);

  const dashed = / - /.exec(title);
  if (artist === null && dashed !== null) {
    artist = readable(title.slice(0, dashed.index));
    title = title.slice(dashed.index + 3);
  }
  return { title: readable(title) || name, artist, album, trackNo };
}

/**
 * The file's tags with placeholders dropped and what is missing filled in from its path,
 * recording which tags were inferred. Tags the file has are never replaced.
 */
export function withPathTags(tags: FileTags, path: string, root: string | null): TrackTags {
  const clean = (value: string | null, tag: 'title' | 'other' = 'other'): string | null =>
    value === null || isPlaceholder(value, tag) ? null : value;
  const title = clean(tags.title, 'title');
  const artist = clean(tags.artist);
  const album = clean(tags.album);
  const fromPath = tagsFromPath(path, root);
  const inferred: InferredTag[] = [];
  const pick = <T>(own: T | null, guess: T | null, tag: InferredTag): T | null => {
    if (own !== null) return own;
    if (guess !== null) inferred.push(tag);
    return guess;
  };
  return {
    ...tags,
    title: pick(title, fromPath.title, 'title') ?? fromPath.title,
    artist: pick(artist, fromPath.artist, 'artist'),
    album: pick(album, fromPath.album, 'album'),
    albumArtist: clean(tags.albumArtist),
    genre: clean(tags.genre),
    trackNo: pick(tags.trackNo, fromPath.trackNo, 'trackNo'),
    inferred,
  };
}
