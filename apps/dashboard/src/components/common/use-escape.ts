'use client';
// Closes an open popover or panel on Escape: every open one registers on one page-wide stack (lib/escape-stack), so a
// press closes only the innermost, whatever has the focus.
import { useEffect, useRef } from 'react';
import { createEscapeStack } from '../../lib/escape-stack';

const stack = createEscapeStack();
let listening = false;

function listen() {
  if (listening || typeof document === 'undefined') return;
  listening = true;
  document.addEventListener('keydown', (e) => {
    if (stack.handle(e)) e.preventDefault();
  });
}

/** While `open`, Escape calls `close` (the latest one passed, so an inline arrow is fine). */
export function useEscape(open: boolean, close: () => void): void {
  const latest = useRef(close);
  useEffect(() => {
    latest.current = close;
  });
  useEffect(() => {
    if (!open) return;
    listen();
    return stack.push(() => latest.current());
  }, [open]);
}
