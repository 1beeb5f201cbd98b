/** Path checks for the host: which folder a file belongs to, and typed folder paths. */
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { ApiFailure } from './api-errors';

export { isInside } from '../engine/library/inside';

/**
 * A folder path as a person typed it, made absolute: `~` is their home folder; anything else
 * must be absolute, because a relative path would silently depend on where the server started.
 */
export function absoluteFolder(path: string): string {
  const trimmed = path.trim();
  if (trimmed === '~') return homedir();
  if (trimmed.startsWith('~/')) return resolve(homedir(), trimmed.slice(2));
  if (!isAbsolute(trimmed)) {
    throw new ApiFailure('invalid-folder', `give the folder's full path, not "${trimmed}"`);
  }
  return resolve(trimmed);
}
