/**
 * Errors as they cross to the renderer: a code and one line, never a stack. The engine's own
 * error classes say what kind of problem it is; anything else is `internal`.
 */
import type { ApiError, ApiErrorCode } from '../../shared/api-contract';
import { NotFoundError } from '../engine/engine';
import { EventError } from '../engine/events/event-error';
import { LibraryError } from '../engine/library/library-error';
import { StoreError } from '../engine/store/store-error';
import { storageFault } from '../engine/store/storage-fault';
import { oneLine } from './one-line';

/** A failure the host raises itself, with the code the renderer gets. */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function codeOf(error: unknown): ApiErrorCode {
  if (error instanceof ApiFailure) return error.code;
  if (error instanceof NotFoundError) return 'not-found';
  if (error instanceof LibraryError) return 'invalid-folder';
  if (error instanceof EventError) return 'bad-request';
  if (error instanceof StoreError) return /\bbusy\b/.test(error.message) ? 'busy' : 'storage';
  if (storageFault(error) !== null) return 'storage';
  return 'internal';
}

/** The {code, message} for any thrown value; only the message's first line-equivalent travels. */
export function toApiError(error: unknown): ApiError {
  const code = codeOf(error);
  // A full or read-only disk says so and what to do, not how LanceDB or Node worded it.
  const fault = error instanceof StoreError ? null : storageFault(error);
  const message = fault?.message ?? (error instanceof Error ? error.message : String(error));
  return {
    code,
    message: oneLine(code === 'internal' ? `unexpected failure: ${message}` : message),
  };
}
