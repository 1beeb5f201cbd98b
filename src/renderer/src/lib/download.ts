/**
 * Hands text to the person as a file to save, the way a browser downloads: the renderer never
 * names a path on disk (the browser or Electron's save dialog picks it).
 */
export function downloadText(fileName: string, text: string, type = 'audio/x-mpegurl'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled, so the download has its bytes.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
