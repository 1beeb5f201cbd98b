import { useEffect, useRef, type JSX } from 'react';
import type { MelThumbnailData } from '../../../../../shared/api-types';
import { FREQUENCY_TICKS, frequencyPosition, heatColour, timeSegments } from '../spectrogram-scale';

const WIDTH = 560;
const HEIGHT = 230;
const LEFT = 56;
const BOTTOM = 40;
const TOP = 8;
const RIGHT = 8;

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function cssColour(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** The log-mel thumbnail of a track drawn with its time and frequency axes. */
export function Spectrogram(
  props: Readonly<{ thumbnail: MelThumbnailData; durationSec: number | null; title: string }>,
): JSX.Element {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { thumbnail, durationSec } = props;

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (element === null || element === undefined || context === null || context === undefined)
      return;
    const scale = window.devicePixelRatio || 1;
    element.width = WIDTH * scale;
    element.height = HEIGHT * scale;
    context.scale(scale, scale);
    const { bands, frames } = thumbnail;
    const data = decode(thumbnail.base64);

    // The picture: one pixel per (frame, band), stretched to the plot.
    const image = new ImageData(frames, bands);
    for (let b = 0; b < bands; b++) {
      for (let f = 0; f < frames; f++) {
        const [r, g, bl] = heatColour(data[b * frames + f] ?? 0);
        const at = ((bands - 1 - b) * frames + f) * 4;
        image.data[at] = r;
        image.data[at + 1] = g;
        image.data[at + 2] = bl;
        image.data[at + 3] = 255;
      }
    }
    const plotW = WIDTH - LEFT - RIGHT;
    const plotH = HEIGHT - TOP - BOTTOM;
    const off = document.createElement('canvas');
    off.width = frames;
    off.height = bands;
    off.getContext('2d')?.putImageData(image, 0, 0);
    context.clearRect(0, 0, WIDTH, HEIGHT);
    context.imageSmoothingEnabled = false;
    context.drawImage(off, LEFT, TOP, plotW, plotH);

    const ink = cssColour('--text-muted', '#9aa1b0');
    const line = cssColour('--border', '#2a2e38');
    context.font = '11px system-ui, sans-serif';
    context.fillStyle = ink;
    context.strokeStyle = line;
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    for (const tick of FREQUENCY_TICKS) {
      const y = TOP + plotH * (1 - frequencyPosition(tick.hz, bands));
      context.fillText(tick.label, LEFT - 8, y);
      context.beginPath();
      context.moveTo(LEFT - 4, y);
      context.lineTo(LEFT, y);
      context.stroke();
    }
    context.textAlign = 'center';
    context.textBaseline = 'top';
    for (const segment of timeSegments(durationSec)) {
      for (const tick of segment.ticks) {
        const x = LEFT + plotW * tick.at;
        context.fillText(tick.label, x, TOP + plotH + 4);
      }
      context.fillText(
        segment.label,
        LEFT + plotW * ((segment.from + segment.to) / 2),
        TOP + plotH + 20,
      );
      if (segment.from > 0) {
        // Excerpts are not contiguous: a rule between them says so.
        context.strokeStyle = cssColour('--bg', '#14161c');
        context.lineWidth = 2;
        context.beginPath();
        context.moveTo(LEFT + plotW * segment.from, TOP);
        context.lineTo(LEFT + plotW * segment.from, TOP + plotH);
        context.stroke();
        context.lineWidth = 1;
      }
    }
  }, [thumbnail, durationSec]);

  const segments = timeSegments(durationSec);
  const description =
    segments.length === 3
      ? 'three 8-second excerpts, at 25 %, 50 % and 75 % of the track'
      : 'the whole track';
  return (
    <figure className="spectrogram">
      <canvas
        ref={canvas}
        role="img"
        aria-label={`Mel spectrogram of ${props.title}: ${description}; ${thumbnail.bands} frequency bands from 0 to 11 kHz, brighter is louder.`}
        style={{ width: WIDTH, height: HEIGHT }}
      />
      <figcaption className="muted small">
        Mel spectrogram of {description}: time runs left to right, pitch bottom to top, brighter is
        louder.
      </figcaption>
    </figure>
  );
}
