import { basename, extname } from 'node:path';
import type { TrackTags } from '../store/types';

/** Tags for a file whose own could not be read: the title is its name, all else unknown. */
export function fallbackTags(path: string): TrackTags {
  return {
    title: basename(path, extname(path)),
    artist: null,
    album: null,
    albumArtist: null,
    trackNo: null,
    discNo: null,
    year: null,
    genre: null,
    durationSec: null,
    hasArtwork: false,
  };
}
