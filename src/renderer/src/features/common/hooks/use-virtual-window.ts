/**
 * Windowing for long lists: only the rows in view (plus a margin) are rendered, positioned in a
 * spacer as tall as the whole list, so 100,000 rows scroll like 30. Rows have one fixed height,
 * which keeps the arithmetic exact and the layout from shifting while pages load.
 */
import {
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
  type RefObject,
  type UIEvent,
} from 'react';

/** Rows rendered when the viewport has no height yet (first paint, or a DOM without layout). */
const FALLBACK_VISIBLE = 24;

export type VirtualWindow = Readonly<{
  ref: RefObject<HTMLDivElement | null>;
  onScroll: (event: UIEvent<HTMLDivElement>) => void;
  /** First and one-past-last index to render. */
  from: number;
  to: number;
  totalHeight: number;
  /** Rows that fit in the viewport (for Page Up and Page Down). */
  pageSize: number;
  /** The viewport's width in CSS pixels, 0 until measured. */
  width: number;
  /** Scrolls as little as needed to show row `index`. */
  scrollToIndex: (index: number) => void;
}>;

export function useVirtualWindow(count: number, rowHeight: number, overscan = 10): VirtualWindow {
  const ref = useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);
  const [width, setWidth] = useState(0);

  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = (): void => {
      setHeight(element.clientHeight);
      setWidth(element.clientWidth);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const onScroll = useCallback((event: UIEvent<HTMLDivElement>) => {
    setScrollTop(event.currentTarget.scrollTop);
  }, []);

  const scrollToIndex = useCallback(
    (index: number) => {
      const element = ref.current;
      if (element === null) return;
      const top = index * rowHeight;
      const view = element.clientHeight || FALLBACK_VISIBLE * rowHeight;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + rowHeight > element.scrollTop + view)
        element.scrollTop = top + rowHeight - view;
      setScrollTop(element.scrollTop);
    },
    [rowHeight],
  );

  const visible = height > 0 ? Math.ceil(height / rowHeight) : FALLBACK_VISIBLE;
  const first = Math.floor(scrollTop / rowHeight);
  return {
    ref,
    onScroll,
    from: Math.max(0, first - overscan),
    to: Math.min(count, first + visible + overscan),
    totalHeight: count * rowHeight,
    pageSize: Math.max(1, visible - 1),
    width,
    scrollToIndex,
  };
}
