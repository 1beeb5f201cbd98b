/** A caller-fixable problem: a bad profile name, a bad event, a bad import line. */
export class EventError extends Error {
  override readonly name = 'EventError';
  constructor(
    message: string,
    /** The 1-based line of the import file at fault, when there is one. */
    readonly line: number | null = null,
  ) {
    super(message);
  }
}
