/**
 * HTTP Range requests for media (RFC 9110 §14), so the player can seek: one byte range per
 * request. A header this cannot honour as one range (several ranges, bad syntax, another unit) is
 * ignored and the whole file sent, as the RFC allows; a range that starts past the end is 416.
 */

/** What to send for a request. */
export type RangePlan =
  | Readonly<{ kind: 'full' }>
  | Readonly<{ kind: 'partial'; start: number; end: number }>
  | Readonly<{ kind: 'unsatisfiable' }>;

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/** Plans the reply to a `Range` header (or none) for a file of `size` bytes; `end` is inclusive. */
export function planRange(header: string | undefined | null, size: number): RangePlan {
  if (header === undefined || header === null) return { kind: 'full' };
  const match = SINGLE_RANGE.exec(header.trim());
  if (match === null) return { kind: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: 'unsatisfiable' };
  if (end < start) return { kind: 'full' };
  return { kind: 'partial', start, end };
}

/** Status, headers and byte span of a media reply. */
export type MediaReply = Readonly<{
  status: 200 | 206 | 304 | 416;
  headers: Readonly<Record<string, string>>;
  /** The inclusive byte span to send, or null for no body. */
  body: Readonly<{ start: number; end: number }> | null;
}>;

/**
 * The reply for a file of `size` bytes and `contentType` to a request with `rangeHeader`. With
 * an `etag` (content that changes only with its name: artwork) the reply may be cached and
 * revalidated, and a matching `If-None-Match` gets 304; without one nothing is cached.
 */
export function mediaReply(
  size: number,
  contentType: string,
  rangeHeader: string | undefined | null,
  cache: Readonly<{ etag: string | null; ifNoneMatch?: string | null }> = { etag: null },
): MediaReply {
  const { etag, ifNoneMatch } = cache;
  const common = {
    'Accept-Ranges': 'bytes',
    'Content-Type': contentType,
    'X-Content-Type-Options': 'nosniff',
    ...(etag === null
      ? { 'Cache-Control': 'no-store' }
      : { 'Cache-Control': 'private, no-cache', ETag: etag }),
  };
  if (etag !== null && ifNoneMatch?.split(/\s*,\s*/).includes(etag)) {
    return { status: 304, headers: common, body: null };
  }
  const plan = planRange(rangeHeader, size);
  switch (plan.kind) {
    case 'unsatisfiable':
      return {
        status: 416,
        headers: { ...common, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' },
        body: null,
      };
    case 'partial':
      return {
        status: 206,
        headers: {
          ...common,
          'Content-Range': `bytes ${plan.start}-${plan.end}/${size}`,
          'Content-Length': String(plan.end - plan.start + 1),
        },
        body: { start: plan.start, end: plan.end },
      };
    case 'full':
      return {
        status: 200,
        headers: { ...common, 'Content-Length': String(size) },
        body: size > 0 ? { start: 0, end: size - 1 } : null,
      };
  }
}
