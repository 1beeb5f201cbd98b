/**
 * Who may talk to `deepcut serve`: whoever holds the random token printed with its URL. The URL's
 * `?token=` becomes an HttpOnly, SameSite=Strict cookie, so the page's requests (API, events,
 * audio) carry it without the page's scripts ever reading it; scripts and tests may send it in a
 * header instead. The Host header is checked too, so a web page that rebinds its own domain name
 * to 127.0.0.1 (DNS rebinding) cannot reach the API through the person's browser.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie that carries the token. */
export const TOKEN_COOKIE = 'deepcut-token';
/** The header a script may send the token in instead. */
export const TOKEN_HEADER = 'x-deepcut-token';

/** A new random token: 32 bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether `given` is the token, in time independent of where they differ. */
export function tokenMatches(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The value of one cookie from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie value that stores the token for this origin's pages. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Why a request is refused: 401 without a token, 403 with a wrong one or a foreign Host. */
export type Refusal = Readonly<{ status: 401 | 403; message: string }>;

/** The token a request carries (header first, then cookie), or undefined. */
export function requestToken(request: IncomingMessage): string | undefined {
  const header = request.headers[TOKEN_HEADER];
  if (typeof header === 'string') return header;
  return cookieValue(request.headers.cookie, TOKEN_COOKIE);
}

/**
 * Checks the Host header and the token; `allowedHosts` null admits any Host (a server opened to
 * the network on purpose, where the machine's names are not known in advance).
 */
export function refusalOf(
  request: IncomingMessage,
  token: string,
  allowedHosts: ReadonlySet<string> | null,
  given: string | undefined = requestToken(request),
): Refusal | null {
  const host = request.headers.host?.toLowerCase();
  if (allowedHosts !== null && (host === undefined || !allowedHosts.has(host))) {
    return { status: 403, message: 'unexpected Host header' };
  }
  if (given === undefined || given === '') {
    return {
      status: 401,
      message: 'open the URL that `deepcut serve` printed (it carries the token)',
    };
  }
  if (!tokenMatches(given, token)) return { status: 403, message: 'wrong token' };
  return null;
}
