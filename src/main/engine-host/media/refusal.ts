/**
 * The reply to a refused media request: its status, the code in a header and a JSON body
 * `{ code, message }`, so the player can tell a person why a track does not play
 * (api-contract-media.ts).
 */
import {
  MEDIA_REFUSALS,
  REFUSAL_HEADER,
  type MediaRefusal,
} from '../../../shared/api-contract-media';

/** Status, headers and body of a refusal. */
export type RefusalReply = Readonly<{
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
}>;

/** The reply for `refusal`. */
export function refusalReply(refusal: MediaRefusal): RefusalReply {
  const { status, message } = MEDIA_REFUSALS[refusal];
  return {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      [REFUSAL_HEADER]: refusal,
    },
    body: JSON.stringify({ code: refusal, message }),
  };
}
