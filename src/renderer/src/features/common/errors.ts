/** Error text for people: the API's one-line message, never a stack. */
import { ApiCallError } from '../../lib/api';

/** The message of anything thrown, as one line to show. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiCallError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
