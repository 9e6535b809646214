/**
 * A modal dialog on the native `<dialog>` element: `showModal()` traps focus, Escape closes it,
 * and focus returns to the button that opened it. Rendered into `document.body` (a portal), so
 * the styles of wherever its button sits (a narrow control column) do not reach it. Used by the
 * Backends panel and the Library.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** For Playwright and styles. */
  testId?: string;
  className?: string;
}

export function Dialog({ open, title, onClose, children, testId, className }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);
  return createPortal(
    <dialog
      ref={ref}
      className={`if-dialog if-panel${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open && (
        <>
          <header className="if-dialog-head">
            <h2 id={titleId} className="if-dialog-title">{title}</h2>
            <button type="button" className="if-btn" onClick={onClose} aria-label={`Close ${title}`}>Close</button>
          </header>
          <div className="if-dialog-body">{children}</div>
        </>
      )}
    </dialog>,
    document.body,
  );
}
