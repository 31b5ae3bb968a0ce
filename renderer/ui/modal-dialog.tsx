// A dialog on the native <dialog> element: focus kept inside while modal (Tab wraps around), Escape closes, focus
// returns where it was. Owns only the frame; the caller owns the content and what closing means.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

interface ModalDialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** false: shown without blocking the page (the first-run account form). */
  modal?: boolean;
  className?: string;
  /** Extra words for screen readers, read after the title. */
  description?: string;
}

export function ModalDialog({
  title,
  onClose,
  children,
  modal = true,
  className,
  description,
}: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => previous?.focus();
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const wasOpen = dialog.open;
    if (modal) {
      if (dialog.open && !dialog.matches(':modal')) dialog.close();
      if (!dialog.open) dialog.showModal();
    } else if (!dialog.open) {
      dialog.show();
    }
    // Start where the work is: what the dialog marks (data-autofocus), the first field of a form,
    // else the first action (Cancel in a confirmation) — not the close button the browser would pick.
    if (!wasOpen || !dialog.contains(document.activeElement)) {
      const first =
        dialog.querySelector<HTMLElement>('[data-autofocus]') ??
        dialog.querySelector<HTMLElement>('input, select, textarea') ??
        dialog.querySelector<HTMLElement>('.dialog-actions button');
      first?.focus();
    }
  }, [modal]);

  return (
    <dialog
      ref={ref}
      className={`dialog ${className ?? ''}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Tab' && modal) keepFocusInside(event.currentTarget, event);
        // A non-modal dialog gets no cancel event from Escape.
        if (event.key === 'Escape' && !modal) {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {description ? (
        <p id={descriptionId} className="dialog-description">
          {description}
        </p>
      ) : null}
      {children}
    </dialog>
  );
}

const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Tab past the last control comes back to the first (and Shift+Tab the other way), so focus
 *  never leaves a modal dialog for the window behind it or the browser's own controls. */
function keepFocusInside(dialog: HTMLElement, event: KeyboardEvent): void {
  const tabbable = [...dialog.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) => el.tabIndex >= 0 && el.getClientRects().length > 0,
  );
  const first = tabbable[0];
  const last = tabbable[tabbable.length - 1];
  if (!first || !last) return;
  const active = document.activeElement;
  const outside = !dialog.contains(active);
  if (event.shiftKey && (active === first || outside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || outside)) {
    event.preventDefault();
    first.focus();
  }
}
