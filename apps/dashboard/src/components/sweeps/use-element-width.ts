'use client';
// The rendered width of an element, so hand-drawn SVG charts lay out in pixels and keep their text at its real size.
import { useEffect, useRef, useState } from 'react';

export function useElementWidth<T extends HTMLElement>(initial = 0): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
