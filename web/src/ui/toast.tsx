import { CircleAlert, CircleCheck } from 'lucide-react';
import { createContext, type ReactNode, useCallback, useContext, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { cx } from './class-names.js';

type Toast = { id: number; message: string; tone: 'success' | 'error' };
type ShowToast = (message: string, tone?: Toast['tone']) => void;

const ToastContext = createContext<ShowToast | null>(null);

/** Short confirmations after a write; errors that belong to a field are shown under the field instead. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const show = useCallback<ShowToast>((message, tone = 'success') => {
    const id = nextId.current++;
    setToasts((current) => [...current.slice(-2), { id, message, tone }]);
    setTimeout(() => setToasts((current) => current.filter((toast) => toast.id !== id)), 4000);
  }, []);

  const value = useMemo(() => show, [show]);

  // A modal <dialog> sits in the browser's top layer, above any z-index. The toast region is a manual
  // popover kept open (empty, it is invisible and lets clicks through) and raised again for each new
  // toast, so a toast from inside a dialog shows above it.
  const region = useRef<HTMLDivElement>(null);
  const newestShown = useRef(0);
  useLayoutEffect(() => {
    const element = region.current;
    if (!element || typeof element.showPopover !== 'function') return;
    const newest = toasts.at(-1)?.id ?? 0;
    const added = newest > newestShown.current;
    newestShown.current = Math.max(newest, newestShown.current);
    const open = element.matches(':popover-open');
    if (open && !added) return;
    if (open) element.hidePopover();
    element.showPopover();
  }, [toasts]);

  return (
    <ToastContext.Provider value={value}>
      {children}
      <div
        ref={region}
        popover="manual"
        aria-live="polite"
        className="pointer-events-none fixed inset-x-0 top-auto bottom-4 z-50 m-0 flex h-auto w-auto max-w-none flex-col items-center gap-2 overflow-visible border-0 bg-transparent px-4 py-0"
      >
        {toasts.map((toast) => {
          const Icon = toast.tone === 'success' ? CircleCheck : CircleAlert;
          return (
            <div
              key={toast.id}
              role={toast.tone === 'error' ? 'alert' : 'status'}
              className="pointer-events-auto flex max-w-md items-center gap-2.5 rounded-xl bg-zinc-900 px-4 py-2.5 text-sm text-white shadow-lg"
            >
              <Icon
                className={cx('size-4 shrink-0', toast.tone === 'success' ? 'text-emerald-400' : 'text-red-400')}
                aria-hidden="true"
              />
              {toast.message}
            </div>
          );
        })}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ShowToast {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast needs a ToastProvider');
  return show;
}
