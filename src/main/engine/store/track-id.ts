import { createHash } from 'node:crypto';

/**
 * The stable id of a track: the first 16 hex characters (64 bits) of the SHA-256 of its absolute
 * path. 64 bits keeps ids short in URLs and logs while collisions stay negligible for any library
 * (about 1 in 10^10 at a million files).
 */
export function trackIdFor(absPath: string): string {
  return createHash('sha256').update(absPath, 'utf8').digest('hex').slice(0, 16);
}
