/** Zooming the map with the wheel (and trackpad pinches, which arrive as wheel events). */
import { useEffect, type Dispatch, type RefObject, type SetStateAction } from 'react';
import { wheelFactor, zoomAt, type MapView } from '../map-view';

/**
 * Zooms about the pointer on every wheel event over `canvas`. React's own wheel listener is
 * passive, and this one must not be, to keep the page from scrolling (or Chromium from zooming
 * the page on a pinch) under the map.
 */
export function useWheelZoom(
  canvas: RefObject<HTMLCanvasElement | null>,
  size: Readonly<{ width: number; height: number }>,
  setView: Dispatch<SetStateAction<MapView>>,
): void {
  useEffect(() => {
    const element = canvas.current;
    if (element === null) return;
    const onWheel = (event: WheelEvent): void => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const factor = wheelFactor(event.deltaY, event.deltaMode);
      const [x, y] = [event.clientX - rect.left, event.clientY - rect.top];
      setView((v) => zoomAt(v, x, y, factor, size));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [canvas, size, setView]);
}
