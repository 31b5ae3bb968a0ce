// The protocol-log panel's top edge: drag it, or focus it and use the arrow keys, to resize.
import type { KeyboardEvent, PointerEvent } from 'react';

interface ResizeHandleProps {
  height: number;
  min: number;
  max: number;
  onResize(height: number): void;
}

const STEP = 24;

export function ResizeHandle({ height, min, max, onResize }: ResizeHandleProps) {
  const clamp = (h: number) => Math.round(Math.min(max, Math.max(min, h)));

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const startY = event.clientY;
    const startHeight = height;
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const move = (e: globalThis.PointerEvent) => onResize(clamp(startHeight + startY - e.clientY));
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
      target.removeEventListener('pointercancel', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
    target.addEventListener('pointercancel', up);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next =
      event.key === 'ArrowUp'
        ? height + STEP
        : event.key === 'ArrowDown'
          ? height - STEP
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
      className="resize-handle"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize protocol log"
      aria-valuenow={height}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
