/** The OS's now-playing panel and media keys, through the MediaSession API where it exists. */
import type { TrackRow } from '../../../../shared/api-types';

/** What the media keys do. */
export type MediaKeyActions = Readonly<{
  play: () => void;
  pause: () => void;
  stop: () => void;
  next: () => void;
  previous: () => void;
  seekTo: (seconds: number) => void;
}>;

function session(): MediaSession | null {
  return 'mediaSession' in navigator ? navigator.mediaSession : null;
}

/** Routes the media keys to `actions`. */
export function bindMediaKeys(actions: MediaKeyActions): void {
  const media = session();
  if (media === null) return;
  const handlers: [MediaSessionAction, MediaSessionActionHandler][] = [
    ['play', () => actions.play()],
    ['pause', () => actions.pause()],
    ['stop', () => actions.stop()],
    ['nexttrack', () => actions.next()],
    ['previoustrack', () => actions.previous()],
    ['seekto', (details) => details.seekTime !== undefined && actions.seekTo(details.seekTime)],
  ];
  for (const [action, handler] of handlers) {
    try {
      media.setActionHandler(action, handler);
    } catch {
      // A browser without this action throws; the others still work.
    }
  }
}

/**
 * Shows `track` as now playing (or nothing), with its artwork when it has some: `artworkUrl`
 * gives the URL of a size (made absolute here, as the OS fetches it outside the page).
 */
export function showNowPlaying(
  track: TrackRow | null,
  playing: boolean,
  artworkUrl?: (id: string, size: 256 | 512) => string,
): void {
  const media = session();
  if (media === null) return;
  media.metadata =
    track === null
      ? null
      : new MediaMetadata({
          title: track.title,
          artist: track.artist ?? '',
          album: track.album ?? '',
          artwork:
            track.artwork && artworkUrl !== undefined
              ? ([256, 512] as const).map((size) => ({
                  src: new URL(artworkUrl(track.id, size), location.href).href,
                  sizes: `${size}x${size}`,
                  type: 'image/jpeg',
                }))
              : [],
        });
  media.playbackState = track === null ? 'none' : playing ? 'playing' : 'paused';
}

/** Tells the OS where playback is, for its seek bar. */
export function showPosition(position: number, duration: number): void {
  const media = session();
  if (media === null || !Number.isFinite(duration) || duration <= 0) return;
  try {
    media.setPositionState({ duration, position: Math.min(position, duration), playbackRate: 1 });
  } catch {
    // A position the browser rejects (a race with a duration change) is skipped.
  }
}
