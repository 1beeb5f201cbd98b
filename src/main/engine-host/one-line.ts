/** Messages made safe to show: one bounded line. No imports, so main can use it too. */

// Long enough for a path and a reason; bounded so a pathological message cannot flood the UI.
const MAX_MESSAGE = 600;

/**
 * One bounded line: messages can quote what a caller sent (a key, a path), so control characters
 * and line breaks are flattened and the length capped before anything reaches a screen or a log.
 */
export function oneLine(message: string): string {
  const line = message.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}
