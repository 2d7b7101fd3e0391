import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { cx, focusRing } from './class-names.js';
import { Spinner } from './spinner.js';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger' | 'dangerGhost' | 'note';
type Size = 'sm' | 'md' | 'lg';

const variants: Record<Variant, string> = {
  primary: 'bg-emerald-600 text-white shadow-sm hover:bg-emerald-700 disabled:bg-emerald-600/60',
  secondary: 'bg-white text-zinc-800 shadow-xs ring-1 ring-inset ring-zinc-300 hover:bg-zinc-50 disabled:text-zinc-400',
  ghost: 'text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 disabled:text-zinc-400',
  danger: 'bg-red-600 text-white shadow-sm hover:bg-red-700 disabled:bg-red-600/60',
  // A quiet destructive action next to others (revoke, disconnect); the confirm dialog uses `danger`.
  dangerGhost: 'text-red-700 hover:bg-red-50 hover:text-red-800 disabled:text-red-300',
  // Private notes are amber everywhere, so nobody mistakes one for a message to the customer.
  note: 'bg-amber-500 text-white shadow-sm hover:bg-amber-600 disabled:bg-amber-500/60',
};

const sizes: Record<Size, string> = {
  sm: 'h-8 gap-1.5 px-2.5 text-[13px]',
  md: 'h-9 gap-2 px-3.5 text-sm',
  lg: 'h-11 gap-2 px-5 text-[15px]',
};

export const buttonClasses = (variant: Variant = 'secondary', size: Size = 'md', className?: string) =>
  cx(
    'inline-flex shrink-0 items-center justify-center rounded-lg font-medium whitespace-nowrap transition-colors disabled:cursor-not-allowed',
    focusRing,
    variants[variant],
    sizes[size],
    className,
  );

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: Variant;
  size?: Size;
  loading?: boolean;
  icon?: ReactNode;
};

/** Shows a spinner and blocks double submits while `loading`; keeps its width so the layout does not jump. */
export function Button({ variant, size, loading = false, icon, className, children, disabled, type, ...props }: ButtonProps) {
  return (
    <button
      type={type ?? 'button'}
      className={buttonClasses(variant, size, className)}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      {...props}
    >
      {loading ? <Spinner /> : icon}
      {children}
    </button>
  );
}

type IconButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'aria-label' | 'title' | 'children'> & {
  /** Names the button for screen readers and as its tooltip. */
  label: string;
  icon: ReactNode;
};

/** A small borderless button showing only an icon, named by `label`. */
export function IconButton({ label, icon, className, type, ...props }: IconButtonProps) {
  return (
    <button type={type ?? 'button'} aria-label={label} title={label} className={cx('shrink-0 p-1', focusRing, className)} {...props}>
      {icon}
    </button>
  );
}
