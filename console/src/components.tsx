/** Small pieces every page uses: the page heading, status badges, messages, the confirm dialog. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { sentenceCase } from './format';
import { movedInPlace } from './router';
import { TERMINAL_STATUSES } from './types';

/** The page's h1; it takes the focus when the page opens in place, so a screen reader starts there. */
export function PageHeading({ children, title }: { children: ComponentChildren; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — calls-api console`;
    if (movedInPlace()) ref.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

const FAILED = new Set(['failed', 'busy', 'no-answer', 'canceled', 'expired']);
const DONE = new Set(['completed', 'resolved', 'closed', 'close']);

function badgeTone(status: string): string {
  if (DONE.has(status)) return 'done';
  if (FAILED.has(status)) return 'failed';
  if (status === 'voicemail') return 'warn';
  if (TERMINAL_STATUSES.has(status)) return 'done';
  if (['queued', 'ringing', 'pending'].includes(status)) return 'waiting';
  return 'live';
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${badgeTone(status)}`}>{sentenceCase(status)}</span>;
}

export function ErrorNotice({ children, onRetry }: { children: ComponentChildren; onRetry?: () => void }) {
  return (
    <div class="notice notice-error" role="alert">
      <p>{children}</p>
      {onRetry && (
        <button type="button" class="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A modal <dialog>: the browser keeps focus inside it and gives it back to the opener. */
export function Dialog({
  open,
  title,
  onClose,
  children,
  id,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  id: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={`${id}-title`} onClose={onClose} class="dialog">
      {open && (
        <>
          <h2 id={`${id}-title`}>{title}</h2>
          {children}
        </>
      )}
    </dialog>
  );
}

export function ConfirmDialog({
  open,
  title,
  body,
  confirmLabel,
  busy,
  error,
  onConfirm,
  onCancel,
  id,
}: {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  busy: boolean;
  error?: string;
  onConfirm: () => void;
  onCancel: () => void;
  id: string;
}) {
  return (
    <Dialog open={open} title={title} onClose={onCancel} id={id}>
      <p>{body}</p>
      {error && <ErrorNotice>{error}</ErrorNotice>}
      <div class="actions">
        <button type="button" class="button button-danger" onClick={onConfirm} disabled={busy}>
          {busy ? 'Working…' : confirmLabel}
        </button>
        <button type="button" class="button button-secondary" onClick={onCancel} autofocus>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
