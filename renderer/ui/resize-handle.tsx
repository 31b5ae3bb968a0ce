// A handle that resizes what it borders: drag it, or focus it and use the arrow keys. The log
// panel's top edge (horizontal: dragging up grows it) and the list's column edges (vertical).
import type { KeyboardEvent, PointerEvent } from 'react';

interface ResizeHandleProps {
  label: string;
  size: number;
  min: number;
  max: number;
  onResize(size: number): void;
  /** horizontal: a bar resized up and down; vertical: an edge moved left and right. */
  orientation: 'horizontal' | 'vertical';
  /** Which way of pointer travel grows the size: +1 right/down, -1 left/up. */
  grows: 1 | -1;
  step?: number;
  className?: string;
}

export function ResizeHandle(props: ResizeHandleProps) {
  const { size, min, max, onResize, orientation, grows, step = 24 } = props;
  const clamp = (n: number) => Math.round(Math.min(max, Math.max(min, n)));
  const along = (e: { clientX: number; clientY: number }) =>
    orientation === 'horizontal' ? e.clientY : e.clientX;

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const start = along(event);
    const startSize = size;
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const move = (e: globalThis.PointerEvent) =>
      onResize(clamp(startSize + grows * (along(e) - start)));
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
      target.removeEventListener('pointercancel', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
    target.addEventListener('pointercancel', up);
  };

  // Arrow keys move the edge the way they point; Home is the largest size, End the smallest.
  const KEY_TRAVEL: Record<string, number> =
    orientation === 'horizontal' ? { ArrowUp: -1, ArrowDown: 1 } : { ArrowLeft: -1, ArrowRight: 1 };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const travel = KEY_TRAVEL[event.key];
    const next =
      travel !== undefined
        ? size + grows * travel * step
        : event.key === 'Home'
          ? max
          : event.key === 'End'
            ? min
            : null;
    if (next === null) return;
    event.preventDefault();
    onResize(clamp(next));
  };

  return (
    <div
      className={props.className ?? 'resize-handle'}
      role="separator"
      aria-orientation={orientation}
      aria-label={props.label}
      aria-valuenow={size}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
