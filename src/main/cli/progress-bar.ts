import type { ScanProgress } from '../../shared/library';

const WIDTH = 28;

function formatEta(seconds: number | null): string {
  if (seconds === null) return '';
  const s = Math.round(seconds);
  return s >= 60 ? `ETA ${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `ETA ${s}s`;
}

/** Fits a path into `max` characters, keeping its end (the file name matters most). */
function tail(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}

/** One line of progress redrawn in place on a terminal. */
export function renderProgress(p: ScanProgress, columns: number): string {
  if (p.phase === 'walk')
    return tail(`Looking for music… ${p.done} files  ${p.current ?? ''}`, columns - 1);
  const ratio = p.total === 0 ? 1 : p.done / p.total;
  const filled = Math.round(ratio * WIDTH);
  const head = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${p.done}/${p.total} ${formatEta(p.etaSeconds)}`;
  const room = columns - head.length - 3;
  return room > 10 && p.current ? `${head}  ${tail(p.current, room)}` : head;
}

/** Draws progress on `stream` when it is a terminal; silent otherwise. */
export function progressBar(stream: NodeJS.WriteStream): {
  update: (p: ScanProgress) => void;
  clear: () => void;
} {
  if (!stream.isTTY) return { update: () => undefined, clear: () => undefined };
  return {
    update: (p) => stream.write(`\r\x1b[2K${renderProgress(p, stream.columns || 80)}`),
    clear: () => stream.write('\r\x1b[2K'),
  };
}
