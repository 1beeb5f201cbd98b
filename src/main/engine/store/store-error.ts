/** A failure the store reports to its caller in words a user can act on. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
}
