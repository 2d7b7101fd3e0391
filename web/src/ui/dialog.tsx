import { X } from 'lucide-react';
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useT } from '../i18n/i18n.js';
import { cx, focusRing } from './class-names.js';

type DialogProps = {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg' | 'xl';
  /** For multi-step dialogs: when it changes, the content scrolls back to the top. */
  step?: string;
};

/** The native <dialog> gives a focus trap, Escape to close and top-layer stacking without a library. */
export function Dialog({ open, onClose, title, description, children, footer, size = 'md', step }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const t = useT();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  useEffect(() => {
    if (step !== undefined) body.current?.scrollTo({ top: 0 });
  }, [step]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className={cx(
        'm-auto w-[calc(100%-2rem)] rounded-2xl bg-white p-0 text-left text-zinc-900 shadow-2xl ring-1 ring-zinc-900/10',
        size === 'sm' ? 'max-w-md' : size === 'lg' ? 'max-w-2xl' : size === 'xl' ? 'max-w-4xl' : 'max-w-lg',
      )}
    >
      {open ? (
        <div className="flex max-h-[85dvh] flex-col">
          <header className="flex items-start gap-4 px-6 pt-5 pb-3">
            <div className="min-w-0 flex-1">
              <h2 id={titleId} className="text-base font-semibold text-zinc-900">
                {title}
              </h2>
              {description ? <p className="mt-1 text-sm text-zinc-600">{description}</p> : null}
            </div>
            <button
              type="button"
              onClick={onClose}
              aria-label={t('common.close')}
              className={cx('-mr-2 rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800', focusRing)}
            >
              <X className="size-4" aria-hidden="true" />
            </button>
          </header>
          {children ? (
            <div ref={body} className="overflow-y-auto px-6 py-2">
              {children}
            </div>
          ) : null}
          {footer ? <footer className="flex flex-wrap justify-end gap-2 px-6 pt-3 pb-5">{footer}</footer> : null}
        </div>
      ) : null}
    </dialog>
  );
}
