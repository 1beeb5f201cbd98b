/**
 * When two tracks are "the same song": the same artist and the same title once version
 * markers are taken off ("Numb", "Numb (Live)", "Numb - 2003 Remaster", "Numb [Demo]").
 */

// Words that mark a version of a song rather than a different song, inside brackets or after
// a dash: "(Live)", "[Remastered 2011]", "- Radio Edit", "(feat. X)".
const VERSION_WORDS =
  /\b(live|remaster(ed)?|remix|mix|edit|version|demo|acoustic|mono|stereo|instrumental|unplugged|radio|extended|single|album|explicit|clean|bonus|deluxe|reprise|session|take|feat\.?|featuring|ft\.?)\b/i;

/** Artists that are not artists: missing tags written out by some taggers. */
const UNKNOWN_ARTISTS = new Set(['', 'unknown', '<unknown>', 'unknown artist', 'various artists']);

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The artist as compared by the rules, or null when there is no real artist tag. */
export function normaliseArtist(artist: string | null): string | null {
  if (artist === null) return null;
  const folded = fold(artist.replace(/^the\s+/i, ''));
  return UNKNOWN_ARTISTS.has(artist.trim().toLowerCase()) || folded === '' ? null : folded;
}

/** The title without version markers, folded for comparison. */
export function normaliseTitle(title: string): string {
  let base = title;
  // Bracketed parts that name a version go; "(Don't Fear) The Reaper" keeps its words.
  base = base.replace(/\s*[([{]([^)\]}]*)[)\]}]/g, (whole, inner: string) =>
    VERSION_WORDS.test(inner) ? '' : whole,
  );
  // A trailing " - Live at Wembley" or " – 2003 Remaster".
  base = base.replace(/\s+[-–—]\s+([^-–—]+)$/u, (whole, tail: string) =>
    VERSION_WORDS.test(tail) || /^\d{4}\b/.test(tail) ? '' : whole,
  );
  const folded = fold(base);
  return folded === '' ? fold(title) : folded;
}

/**
 * The key two versions of one song share, or null when the artist is unknown (titles alone
 * say too little: many tracks are called "Intro").
 */
export function songKey(artist: string | null, title: string): string | null {
  const who = normaliseArtist(artist);
  return who === null ? null : `${who}\u0000${normaliseTitle(title)}`;
}

/** The tags the rules compare, normalised once per track object (rules ask many times). */
type Identity = Readonly<{ artist: string | null; song: string | null }>;
const identities = new WeakMap<object, Identity>();

/** {@link normaliseArtist} and {@link songKey} of a track, memoised on the track object. */
export function identityOf(track: Readonly<{ artist: string | null; title: string }>): Identity {
  let identity = identities.get(track);
  if (identity === undefined) {
    identity = { artist: normaliseArtist(track.artist), song: songKey(track.artist, track.title) };
    identities.set(track, identity);
  }
  return identity;
}
