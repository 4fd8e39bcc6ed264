'use client';
// Text search over run names, notes and tags: typing updates the URL after a pause, not on every key.
import { useEffect, useRef, useState } from 'react';

const DEBOUNCE_MS = 300;

export function SearchInput({ value, onCommit }: { value: string; onCommit: (value: string) => void }) {
  const [text, setText] = useState(value);
  // The parent re-renders on every live poll; a ref keeps that from restarting the pause.
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  });
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => commit.current(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <input
      type="search"
      className="input"
      style={{ width: 240 }}
      placeholder="Search name, notes, tags"
      aria-label="Search runs"
      value={text}
      onChange={(e) => setText(e.target.value)}
    />
  );
}
