// Brings a freshly filled part of a scrolling dialog (a probe's report, a certificate to trust)
// into view above the dialog's sticky action buttons, so its own buttons can be clicked at once.
import { useEffect, type RefObject } from 'react';

export function useRevealOnChange(ref: RefObject<HTMLElement | null>, key: unknown): void {
  useEffect(() => {
    const element = ref.current;
    if (!element || element.childElementCount === 0) return;
    // 'end': a box taller than the dialog shows its last lines, where its buttons are.
    element.scrollIntoView({ block: 'end' });
  }, [ref, key]);
}
