/**
 * A write that failed because of the disk, not of Deepcut: the data folder's disk is full, it
 * is read-only, or it cannot be written by this user. Node reports these as errno codes; LanceDB
 * (Rust) reports them inside its message as "os error N". Hosts turn them into one line that
 * says what happened and what to do, instead of a stack or a Lance error chain.
 */
import { relative } from 'node:path';
import { StoreError } from './store-error';

/** What kind of disk trouble a failed write met. */
export type StorageFaultKind = 'full' | 'read-only' | 'denied';

const CODES: Readonly<Record<string, StorageFaultKind>> = {
  ENOSPC: 'full',
  EDQUOT: 'full',
  EROFS: 'read-only',
  EACCES: 'denied',
  EPERM: 'denied',
};

// Linux errno numbers as Rust's io::Error prints them, and the strerror texts.
const MESSAGES: readonly (readonly [RegExp, StorageFaultKind])[] = [
  [/No space left on device|os error 28\b|Disk quota exceeded|os error 122\b/i, 'full'],
  [/Read-only file system|os error 30\b/i, 'read-only'],
  [/Permission denied|os error 13\b/i, 'denied'],
];

/** The disk trouble behind `error` (its `cause` chain included), or null for any other error. */
export function storageFaultKind(error: unknown): StorageFaultKind | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    const byCode = code === undefined ? undefined : CODES[code];
    if (byCode !== undefined) return byCode;
    const byMessage = MESSAGES.find(([pattern]) =>
      pattern.test(e instanceof Error ? e.message : ''),
    );
    if (byMessage !== undefined) return byMessage[1];
    e = e.cause;
  }
  return null;
}

const WHAT_TO_DO: Readonly<Record<StorageFaultKind, string>> = {
  full: 'is full: free some space on it and run again',
  'read-only': 'is read-only: make it writable, or choose another data folder (--data DIR)',
  denied:
    'cannot be written by this user: fix its permissions, or choose another data folder (--data DIR)',
};

const folder = (dataDir: string | undefined): string =>
  dataDir === undefined ? 'the data folder' : `the data folder ${dataDir}`;

/** The file a Node error names, searching the `cause` chain. */
function pathOf(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; depth++) {
    const path = (e as NodeJS.ErrnoException).path;
    if (typeof path === 'string') return path;
    e = e.cause;
  }
  return null;
}

/**
 * A {@link StoreError} saying what to do when `error` is disk trouble, else null. Work that was
 * acknowledged before (stored tracks, recorded events, saved playlists and models) is kept: every
 * store writes whole files or commits, so a failed write leaves the state before it. Trouble with
 * a file outside the data folder (an export's target, say) names that file instead; a refused
 * read there is not the data folder's business and stays as it was (null).
 */
export function storageFault(error: unknown, dataDir?: string): StoreError | null {
  const kind = storageFaultKind(error);
  if (kind === null) return null;
  const path = pathOf(error);
  const outside =
    path !== null && dataDir !== undefined && relative(dataDir, path).startsWith('..');
  if (outside && kind === 'denied') return null;
  const text = outside
    ? `cannot write ${path}: its disk ${kind === 'full' ? 'is full' : 'is read-only'}`
    : kind === 'full'
      ? `the disk holding ${folder(dataDir)} ${WHAT_TO_DO[kind]}`
      : `${folder(dataDir)} ${WHAT_TO_DO[kind]}`;
  return new StoreError(`${text}; what was saved before is kept`, {
    cause: error,
  });
}
