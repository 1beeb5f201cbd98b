/**
 * Why a track could not play, in words a listener understands. The media route says why it
 * refuses a file (outside the music folders, gone, not in the library); a file it serves that
 * the browser cannot decode is "cannot decode".
 */

/** A reason a track did not play. */
export type MediaProblem =
  'outside-folders' | 'gone' | 'unknown-track' | 'cannot-decode' | 'unreachable';

const WORDS: Readonly<Record<MediaProblem, string>> = {
  'outside-folders': 'this file is outside your music folders',
  gone: 'the file is gone',
  'unknown-track': 'it is no longer in the library',
  'cannot-decode': 'cannot decode this file',
  unreachable: 'Deepcut did not answer',
};

/** The words for a problem. */
export function problemWords(problem: MediaProblem): string {
  return WORDS[problem];
}

/** The problem a media route's refusal names (its status and the text of its reply). */
export function problemOfRefusal(status: number, text: string): MediaProblem {
  const reason = text.toLowerCase();
  if (/outside/.test(reason)) return 'outside-folders';
  if (status === 410 || /gone|missing|no such file|not found on disk/.test(reason)) return 'gone';
  return 'unknown-track';
}

/** Asks for the first byte of `url`: served means the file is there but would not decode. */
export async function probeMedia(
  url: string,
  fetcher: typeof fetch = fetch,
): Promise<MediaProblem> {
  try {
    const response = await fetcher(url, { headers: { Range: 'bytes=0-0' } });
    if (response.ok) return 'cannot-decode';
    return problemOfRefusal(response.status, await response.text());
  } catch {
    return 'unreachable';
  }
}
