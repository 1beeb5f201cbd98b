import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type JSX,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import type { MapPoint } from '../../../../../shared/api-contract-ui';
import { lassoSelect, layout, PointIndex, step } from '../map-geometry';

const HOVER_RADIUS = 10;
/** Pointer travel beyond which a press is a lasso rather than a click. */
const DRAG_THRESHOLD = 5;

type Props = Readonly<{
  points: readonly MapPoint[];
  colours: readonly string[];
  selected: ReadonlySet<number>;
  focused: number;
  onFocus: (index: number) => void;
  onPlay: (index: number) => void;
  onSelect: (indices: number[]) => void;
}>;

/**
 * The map as a canvas: hover shows a track, a click plays it, a drag draws a lasso that selects
 * what it encloses. By keyboard, arrows move to the nearest track in that direction, Enter plays
 * it, and the track in focus is described next to the map.
 */
export function MapCanvas(props: Props): JSX.Element {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ width: 600, height: 400 });
  const [lasso, setLasso] = useState<[number, number][] | null>(null);
  const press = useRef<{ x: number; y: number } | null>(null);
  const { points, colours, selected, focused } = props;

  useEffect(() => {
    const element = box.current;
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (element.clientWidth > 0 && element.clientHeight > 0) {
        setSize({ width: element.clientWidth, height: element.clientHeight });
      }
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const xy = useMemo(() => layout(points, size.width, size.height), [points, size]);
  const index = useMemo(() => new PointIndex(xy), [xy]);

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (element == null || context == null) return;
    const scale = window.devicePixelRatio || 1;
    element.width = size.width * scale;
    element.height = size.height * scale;
    context.setTransform(scale, 0, 0, scale, 0, 0);
    context.clearRect(0, 0, size.width, size.height);
    const radius = points.length > 20_000 ? 1.5 : points.length > 2_000 ? 2.5 : 3.5;
    const dimmed = selected.size > 0;
    for (let i = 0; i < points.length; i++) {
      context.globalAlpha = dimmed && !selected.has(i) ? 0.25 : 0.9;
      context.fillStyle = colours[i] ?? '#888';
      context.beginPath();
      context.arc(xy[2 * i] ?? 0, xy[2 * i + 1] ?? 0, radius, 0, 2 * Math.PI);
      context.fill();
    }
    context.globalAlpha = 1;
    if (focused >= 0 && focused < points.length) {
      context.strokeStyle =
        getComputedStyle(document.documentElement).getPropertyValue('--accent') || '#e6a05a';
      context.lineWidth = 2;
      context.beginPath();
      context.arc(xy[2 * focused] ?? 0, xy[2 * focused + 1] ?? 0, radius + 5, 0, 2 * Math.PI);
      context.stroke();
    }
    if (lasso !== null && lasso.length > 1) {
      context.strokeStyle =
        getComputedStyle(document.documentElement).getPropertyValue('--text') || '#fff';
      context.setLineDash([4, 4]);
      context.lineWidth = 1;
      context.beginPath();
      lasso.forEach(([x, y], i) => (i === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
      context.closePath();
      context.stroke();
      context.setLineDash([]);
    }
  }, [points, colours, selected, focused, xy, size, lasso]);

  const at = (event: PointerEvent): [number, number] => {
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };
  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>): void => {
    const [x, y] = at(event);
    press.current = { x, y };
    event.currentTarget.setPointerCapture?.(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>): void => {
    const [x, y] = at(event);
    const start = press.current;
    if (
      start !== null &&
      (lasso !== null || Math.hypot(x - start.x, y - start.y) > DRAG_THRESHOLD)
    ) {
      setLasso((path) => [...(path ?? [[start.x, start.y]]), [x, y]]);
      return;
    }
    const hit = index.nearest(x, y, HOVER_RADIUS);
    if (hit >= 0 && hit !== focused) props.onFocus(hit);
  };
  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>): void => {
    const [x, y] = at(event);
    if (lasso !== null) {
      props.onSelect(lassoSelect(xy, lasso));
    } else {
      const hit = index.nearest(x, y, HOVER_RADIUS);
      if (hit >= 0) props.onPlay(hit);
    }
    press.current = null;
    setLasso(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>): void => {
    const directions: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const direction = directions[event.key];
    if (direction !== undefined && points.length > 0) {
      event.preventDefault();
      props.onFocus(focused < 0 ? 0 : step(xy, focused, direction[0], direction[1]));
    } else if (event.key === 'Enter' && focused >= 0) {
      event.preventDefault();
      props.onPlay(focused);
    }
  };

  return (
    <div ref={box} className="map-box">
      <canvas
        ref={canvas}
        className="map-canvas"
        tabIndex={0}
        role="application"
        aria-label={`Map of ${points.length} tracks placed by how they sound. Arrow keys move between tracks, Enter plays; drag with the mouse to select.`}
        style={{ width: size.width, height: size.height }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerLeave={() => !press.current && setLasso(null)}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}
