import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { cx, focusRing } from './class-names.js';

type MenuProps = {
  label: string;
  trigger: ReactNode;
  triggerClassName?: string;
  placement?: 'above' | 'below';
  align?: 'start' | 'end';
  children: (close: () => void) => ReactNode;
};

/** A small accessible dropdown: Escape and outside clicks close it; arrow keys move between items. */
export function Menu({ label, trigger, triggerClassName, placement = 'below', align = 'start', children }: MenuProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    root.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') return close();
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const items = [...(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const step = event.key === 'ArrowDown' ? 1 : -1;
    items[(index + step + items.length) % items.length]?.focus();
  };

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((value) => !value)}
        className={cx(focusRing, triggerClassName)}
      >
        {trigger}
      </button>
      {open ? (
        <div
          id={menuId}
          role="menu"
          aria-label={label}
          onKeyDown={onKeyDown}
          className={cx(
            'absolute z-40 min-w-56 rounded-xl bg-white p-1 shadow-lg ring-1 ring-zinc-900/10',
            placement === 'above' ? 'bottom-full mb-2' : 'top-full mt-2',
            align === 'end' ? 'right-0' : 'left-0',
          )}
        >
          {children(() => setOpen(false))}
        </div>
      ) : null}
    </div>
  );
}

export function MenuItem({
  onSelect,
  icon,
  children,
  tone,
}: {
  onSelect: () => void;
  icon?: ReactNode;
  children: ReactNode;
  tone?: 'danger';
}) {
  return (
    <button
      type="button"
      role="menuitem"
      onClick={onSelect}
      className={cx(
        'flex w-full items-center gap-2.5 rounded-lg px-2.5 py-2 text-left text-sm outline-none focus-visible:bg-zinc-100',
        tone === 'danger' ? 'text-red-700 hover:bg-red-50' : 'text-zinc-700 hover:bg-zinc-100',
      )}
    >
      {icon ? <span className="flex shrink-0">{icon}</span> : null}
      {children}
    </button>
  );
}

export const MenuSeparator = () => <hr className="my-1 border-zinc-100" />;
