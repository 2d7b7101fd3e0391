import { CircleAlert, CircleCheck } from 'lucide-react';
import { type CSSProperties, createContext, type ReactNode, type RefObject, useCallback, useContext, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { cx } from './class-names.js';

type Toast = { id: number; message: string; tone: 'success' | 'error' };
type ShowToast = (message: string, tone?: Toast['tone']) => void;

const ToastContext = createContext<ShowToast | null>(null);
/** Where something toasts must not cover is (its box in the viewport), or null when it is gone. */
type ReportObstacle = (key: symbol, box: { top: number; right: number } | null) => void;
const ObstacleContext = createContext<ReportObstacle>(() => {});
const gap = 12;
/** From this width (Tailwind's md) toasts stack at the right. */
const wide = 768;

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

  // Toasts rise from the bottom (centred on phones, at the right on wider screens), so they sit above
  // whatever is registered there and under them (the composer); beside the docked details the
  // composer is not under them, and they stay at the bottom.
  const obstacles = useRef(new Map<symbol, { top: number; right: number }>());
  const region = useRef<HTMLDivElement>(null);
  const [bottom, setBottom] = useState(16);
  const place = useCallback(() => {
    const shown = [...(region.current?.children ?? [])].map((toast) => toast.getBoundingClientRect().left);
    const left = shown.length ? Math.min(...shown) : window.innerWidth - 16;
    const under = [...obstacles.current.values()].filter((each) => window.innerWidth < wide || each.right > left);
    const highest = Math.min(...under.map((each) => each.top));
    setBottom(Number.isFinite(highest) ? Math.max(16, window.innerHeight - highest + gap) : 16);
  }, []);
  const reportObstacle = useCallback<ReportObstacle>(
    (key, box) => {
      if (box === null) obstacles.current.delete(key);
      else obstacles.current.set(key, box);
      place();
    },
    [place],
  );

  // A modal <dialog> sits in the browser's top layer, above any z-index. The toast region is a manual
  // popover kept open (empty, it is invisible and lets clicks through) and raised again for each new
  // toast, so a toast from inside a dialog shows above it.
  const newestShown = useRef(0);
  useLayoutEffect(() => {
    place();
    const element = region.current;
    if (!element || typeof element.showPopover !== 'function') return;
    const newest = toasts.at(-1)?.id ?? 0;
    const added = newest > newestShown.current;
    newestShown.current = Math.max(newest, newestShown.current);
    const open = element.matches(':popover-open');
    if (open && !added) return;
    if (open) element.hidePopover();
    element.showPopover();
  }, [toasts, place]);

  return (
    <ToastContext.Provider value={value}>
      <ObstacleContext.Provider value={reportObstacle}>{children}</ObstacleContext.Provider>
      {/* Phones: bottom centre. Wider: bottom right, off the page's headings and buttons. Above the composer when it is under them. */}
      <div
        ref={region}
        popover="manual"
        aria-live="polite"
        data-testid="toasts"
        style={{ '--toast-bottom': `${bottom}px` } as CSSProperties}
        className="pointer-events-none fixed inset-x-0 top-auto bottom-(--toast-bottom) z-50 m-0 flex h-auto w-auto max-w-none flex-col items-center gap-2 overflow-visible border-0 bg-transparent px-4 py-0 md:left-auto md:right-0 md:items-end"
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

/**
 * Keeps toasts off an element at the bottom of the screen (the composer and its send button): when
 * it is under them they rise above it, and follow it as it grows.
 */
export function useKeepToastsClearOf(ref: RefObject<HTMLElement | null>) {
  const report = useContext(ObstacleContext);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const key = Symbol('toast obstacle');
    const measure = () => {
      const box = element.getBoundingClientRect();
      report(key, { top: box.top, right: box.right });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
      report(key, null);
    };
  }, [ref, report]);
}

export function useToast(): ShowToast {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast needs a ToastProvider');
  return show;
}
