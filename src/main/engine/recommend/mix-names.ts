/**
 * A mix's name, from what it holds: the album, artist, folder or genre shared by most of its
 * tracks. A name must describe the mix: one value held by at least half of its tracks, or two of
 * one kind held by at least {@link PAIR_SHARE} together (and a fifth each); otherwise the mix is
 * "Mix N". So a mix of 40 tracks is never named after two artists who hold 4 of them. The folder
 * counts because many libraries are tagged only by where the files sit ("Soundtracks/UFO AI/…").
 */
import { basename, dirname } from 'node:path';
import type { SnapshotTrack } from './library-snapshot';
import { normaliseArtist } from './song-identity';

/** The share one value must hold to name a mix alone. */
export const SINGLE_SHARE = 0.5;
/** The share two values of one kind must hold together (each at least {@link PAIR_EACH}). */
export const PAIR_SHARE = 0.6;
export const PAIR_EACH = 0.2;

/** What a name is taken from, in the order preferred when two describe a mix equally well. */
const KINDS = ['album', 'artist', 'folder', 'genre'] as const;
type Kind = (typeof KINDS)[number];

/** Tag values that say nothing. */
const EMPTY = new Set(['', '(none)', 'none', 'other', 'unknown', '<unknown>', 'misc', 'untitled']);
/** Folders that are parts of an album rather than its name: "CD1", "Disc 2". */
const DISC_FOLDER = /^(cd|disc|disk)\s*\d+$/i;

/** How the mix was named: the value, what kind it is, and the share of the mix holding it. */
export type MixLabel = Readonly<{ name: string; kind: Kind | null; share: number }>;

function folderOf(path: string): string | null {
  let dir = dirname(path);
  if (DISC_FOLDER.test(basename(dir))) dir = dirname(dir);
  const name = basename(dir);
  return name === '' || name === '.' || name === '/' ? null : name;
}

/** The value of `kind` of a track, with the key it is counted under; null when missing. */
function valueOf(t: SnapshotTrack, kind: Kind): { key: string; label: string } | null {
  const { album, artist, albumArtist, genre, path } = t.track;
  const raw =
    kind === 'album'
      ? album
      : kind === 'artist'
        ? normaliseArtist(artist) !== null
          ? artist
          : albumArtist
        : kind === 'genre'
          ? genre
          : folderOf(path);
  const label = raw?.trim() ?? '';
  if (EMPTY.has(label.toLowerCase())) return null;
  const key = kind === 'artist' ? normaliseArtist(label) : label.normalize('NFKC').toLowerCase();
  return key === null ? null : { key, label };
}

/** Counts of the values of one kind, most held first (first spelling shown). */
function tally(group: readonly SnapshotTrack[], kind: Kind): { label: string; count: number }[] {
  const counts = new Map<string, { label: string; count: number }>();
  for (const t of group) {
    const v = valueOf(t, kind);
    if (v === null) continue;
    const entry = counts.get(v.key) ?? { label: v.label, count: 0 };
    entry.count++;
    counts.set(v.key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** The name that describes `group` best, or null when no value describes enough of it. */
export function mixLabel(group: readonly SnapshotTrack[]): MixLabel | null {
  const n = group.length;
  if (n === 0) return null;
  let best: MixLabel | null = null;
  for (const kind of KINDS) {
    const [first, second] = tally(group, kind);
    if (!first) continue;
    let label: MixLabel | null = null;
    if (first.count >= SINGLE_SHARE * n)
      label = { name: first.label, kind, share: first.count / n };
    else if (
      second &&
      second.count >= PAIR_EACH * n &&
      first.count + second.count >= PAIR_SHARE * n
    ) {
      label = {
        name: `${first.label} & ${second.label}`,
        kind,
        share: (first.count + second.count) / n,
      };
    }
    if (label && (!best || label.share > best.share)) best = label;
  }
  return best;
}
