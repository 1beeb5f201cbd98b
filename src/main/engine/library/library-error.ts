/**
 * A library folder the user named cannot be scanned at all (missing, not a folder, unreadable).
 * Hosts show the message as is; the CLI exits with code 2 on it.
 */
export class LibraryError extends Error {
  override readonly name = 'LibraryError';
}
