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
import { batchByColour, drawMap } from '../map-draw';
import { lassoSelect, layout, PointIndex, step } from '../map-geometry';
import {
  HOME,
  panBy,
  PAN_STEP,
  reveal,
  toLayout,
  zoomAt,
  ZOOM_STEP,
  type MapView,
} from '../map-view';
import { useWheelZoom } from '../hooks/use-wheel-zoom';
import { MapControls, type DragMode } from './MapControls';
import { MapTooltip } from './MapTooltip';

const HOVER_RADIUS = 10;
/** Pointer travel beyond which a press is a lasso (or a pan) rather than a click. */
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

/** What a press on the map is doing. */
type Drag = {
  kind: 'press' | 'lasso' | 'pan' | 'pinch';
  x: number;
  y: number;
  moved: boolean;
  path: [number, number][];
};

const cssColour = (name: string, fallback: string): string =>
  getComputedStyle(document.documentElement).getPropertyValue(name) || fallback;

/**
 * The map as a canvas: hover shows a track in a tooltip, a click plays it, a drag draws a lasso
 * that selects what it encloses. The wheel or a pinch zooms about the pointer; dragging in Pan
 * mode, with Space held or with the middle button moves the view. By keyboard, arrows move to
 * the nearest track in that direction, Enter plays it, + and − zoom, Shift+arrows pan and 0
 * shows the whole map again.
 */
export function MapCanvas(props: Props): JSX.Element {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ width: 600, height: 400 });
  const [view, setView] = useState<MapView>(HOME);
  const [mode, setMode] = useState<DragMode>('select');
  const [lasso, setLasso] = useState<[number, number][] | null>(null);
  const [hovered, setHovered] = useState(-1);
  const [keyboard, setKeyboard] = useState(false);
  const [spaceHeld, setSpaceHeld] = useState(false);
  const drag = useRef<Drag | null>(null);
  const pointers = useRef(new Map<number, [number, number]>());
  const { points, colours, selected, focused } = props;

  useEffect(() => {
    const element = box.current;
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (element.clientWidth > 0 && element.clientHeight > 0) {
        setSize({ width: element.clientWidth, height: element.clientHeight });
        setView(HOME);
      }
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const xy = useMemo(() => layout(points, size.width, size.height), [points, size]);
  // Built once per layout; zooming and panning map the pointer back to layout coordinates.
  const index = useMemo(() => new PointIndex(xy), [xy]);
  const batches = useMemo(() => batchByColour(colours, points.length), [colours, points.length]);

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (element == null || context == null) return;
    const scale = window.devicePixelRatio || 1;
    element.width = size.width * scale;
    element.height = size.height * scale;
    context.setTransform(scale, 0, 0, scale, 0, 0);
    drawMap(context, {
      ...size,
      xy,
      view,
      batches,
      selected,
      focused,
      lasso,
      accent: cssColour('--accent', '#e6a05a'),
      ink: cssColour('--text', '#fff'),
    });
  }, [xy, view, batches, selected, focused, size, lasso]);

  useWheelZoom(canvas, size, setView);

  const hitTest = (x: number, y: number): number => {
    const [lx, ly] = toLayout(view, x, y);
    return index.nearest(lx, ly, HOVER_RADIUS / view.k);
  };
  const at = (event: PointerEvent): [number, number] => {
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };
  const pinchOf = (): { distance: number; mid: [number, number] } | null => {
    const [a, b] = [...pointers.current.values()];
    if (a === undefined || b === undefined) return null;
    const distance = Math.max(1, Math.hypot(a[0] - b[0], a[1] - b[1]));
    return { distance, mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] };
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>): void => {
    const [x, y] = at(event);
    pointers.current.set(event.pointerId, [x, y]);
    event.currentTarget.setPointerCapture?.(event.pointerId);
    if (pointers.current.size === 2) {
      drag.current = { kind: 'pinch', x, y, moved: true, path: [] };
      setLasso(null);
      return;
    }
    if (event.button === 1) event.preventDefault();
    const panning = mode === 'pan' || spaceHeld || event.button === 1;
    drag.current = { kind: panning ? 'pan' : 'press', x, y, moved: false, path: [[x, y]] };
  };

  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>): void => {
    const [x, y] = at(event);
    const d = drag.current;
    if (d?.kind === 'pinch') {
      const before = pinchOf();
      pointers.current.set(event.pointerId, [x, y]);
      const after = pinchOf();
      if (before === null || after === null) return;
      setView((v) =>
        panBy(
          zoomAt(v, before.mid[0], before.mid[1], after.distance / before.distance, size),
          after.mid[0] - before.mid[0],
          after.mid[1] - before.mid[1],
          size,
        ),
      );
      return;
    }
    if (pointers.current.has(event.pointerId)) pointers.current.set(event.pointerId, [x, y]);
    if (d !== null && !d.moved && Math.hypot(x - d.x, y - d.y) > DRAG_THRESHOLD) {
      d.moved = true;
      if (d.kind === 'press') d.kind = 'lasso';
    }
    if (d?.kind === 'pan' && d.moved) {
      const [lastX, lastY] = d.path[d.path.length - 1] ?? [x, y];
      d.path = [[x, y]];
      setView((v) => panBy(v, x - lastX, y - lastY, size));
      return;
    }
    if (d?.kind === 'lasso') {
      d.path.push([x, y]);
      setLasso([...d.path]);
      return;
    }
    if (d !== null) return;
    const hit = hitTest(x, y);
    setHovered(hit);
    setKeyboard(false);
    if (hit >= 0 && hit !== focused) props.onFocus(hit);
  };

  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>): void => {
    const [x, y] = at(event);
    pointers.current.delete(event.pointerId);
    const d = drag.current;
    drag.current = null;
    setLasso(null);
    if (d === null || d.kind === 'pinch') return;
    if (d.kind === 'lasso') {
      props.onSelect(
        lassoSelect(
          xy,
          d.path.map(([px, py]) => toLayout(view, px, py)),
        ),
      );
    } else if (!d.moved) {
      const hit = hitTest(x, y);
      if (hit >= 0) props.onPlay(hit);
    }
  };

  const zoomBy = (factor: number): void =>
    setView((v) => zoomAt(v, size.width / 2, size.height / 2, factor, size));

  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>): void => {
    const directions: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const direction = directions[event.key];
    const zooms: Record<string, number> = { '+': ZOOM_STEP, '=': ZOOM_STEP, '-': 1 / ZOOM_STEP };
    const zoom = zooms[event.key];
    if (direction !== undefined && event.shiftKey) {
      event.preventDefault();
      // Shift+→ shows what lies to the right: the map moves left under the view.
      const [dx, dy] = [
        -direction[0] * PAN_STEP * size.width,
        -direction[1] * PAN_STEP * size.height,
      ];
      setView((v) => panBy(v, dx, dy, size));
    } else if (direction !== undefined && points.length > 0) {
      event.preventDefault();
      const next = focused < 0 ? 0 : step(xy, focused, direction[0], direction[1]);
      setKeyboard(true);
      props.onFocus(next);
      setView((v) => reveal(v, xy[2 * next] ?? 0, xy[2 * next + 1] ?? 0, size));
    } else if (zoom !== undefined) {
      event.preventDefault();
      zoomBy(zoom);
    } else if (event.key === '0') {
      event.preventDefault();
      setView(HOME);
    } else if (event.key === ' ') {
      // Held Space turns a drag into a pan, as in drawing programs.
      event.preventDefault();
      setSpaceHeld(true);
    } else if (event.key === 'Enter' && focused >= 0) {
      event.preventDefault();
      props.onPlay(focused);
    }
  };

  const tip = hovered >= 0 ? hovered : keyboard ? focused : -1;
  const grabbing = mode === 'pan' || spaceHeld;
  return (
    <div ref={box} className="map-box">
      <canvas
        ref={canvas}
        className={`map-canvas${grabbing ? ' panning' : ''}`}
        tabIndex={0}
        role="application"
        aria-label={`Map of ${points.length} tracks placed by how they sound. Arrow keys move between tracks, Enter plays; + and − zoom, Shift+arrows pan, 0 shows the whole map; drag with the mouse to select, or to pan in Pan mode or with Space held.`}
        aria-roledescription="zoomable map"
        data-view={`${view.k} ${view.x} ${view.y}`}
        style={{ width: size.width, height: size.height }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onPointerLeave={() => {
          if (drag.current === null) setHovered(-1);
        }}
        onKeyDown={onKeyDown}
        onKeyUp={(event) => event.key === ' ' && setSpaceHeld(false)}
        onFocus={() => setKeyboard(true)}
        onBlur={() => {
          setKeyboard(false);
          setSpaceHeld(false);
        }}
      />
      {tip >= 0 && points[tip] !== undefined && (
        <MapTooltip
          point={points[tip]}
          at={[xy[2 * tip] ?? 0, xy[2 * tip + 1] ?? 0]}
          view={view}
          size={size}
        />
      )}
      <MapControls
        mode={mode}
        onMode={setMode}
        zoom={view.k}
        onZoom={zoomBy}
        onReset={() => setView(HOME)}
      />
    </div>
  );
}
