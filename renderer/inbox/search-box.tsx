// The search box over the full-text index: answers after a short pause in typing, or at once on Enter.
import { useEffect, useRef, useState } from 'react';

const PAUSE_MS = 250;

export function SearchBox({ value, onSearch }: { value: string; onSearch(text: string): void }) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const schedule = (next: string) => {
    setText(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => onSearch(next), PAUSE_MS);
  };

  return (
    <input
      type="search"
      className="search-box"
      aria-label="Search mail"
      placeholder="Search mail"
      value={text}
      onChange={(event) => schedule(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          if (timer.current) clearTimeout(timer.current);
          onSearch(text);
        }
      }}
    />
  );
}
