/** Which files the library scans, decided by file name alone so the walk never opens a file. */

/** Audio file extensions the scanner reads, lower case and without the dot. */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  'mp3',
  'flac',
  'ogg',
  'oga',
  'opus',
  'm4a',
  'wav',
  'aiff',
  'aif',
]);

/** Whether a file name has one of the scanned audio extensions (case-insensitive). */
export function isAudioFile(name: string): boolean {
  const dot = name.lastIndexOf('.');
  // A leading dot marks a hidden name, not an extension: ".mp3" alone is not a track.
  if (dot <= 0) return false;
  return AUDIO_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}
