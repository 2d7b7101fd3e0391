import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes, useId, useState } from 'react';
import { ChevronDown, Eye, EyeOff } from 'lucide-react';
import { useT } from '../i18n/i18n.js';
import { cx, focusRing } from './class-names.js';

const controlBase = cx(
  'block w-full rounded-lg bg-white px-3 text-sm text-zinc-900 shadow-xs ring-1 ring-inset ring-zinc-300 placeholder:text-zinc-400',
  'focus:ring-2 focus:ring-emerald-600 focus:outline-none disabled:bg-zinc-50 disabled:text-zinc-500',
);
const invalidRing = 'ring-red-500 focus:ring-red-500';

type FieldShellProps = { id: string; label: ReactNode; hint?: ReactNode; error?: string; children: ReactNode };

/** Label, control, hint and error stacked consistently; the error is announced and linked to the control. */
function FieldShell({ id, label, hint, error, children }: FieldShellProps) {
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-[13px] font-medium text-zinc-800">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-[13px] text-red-600" role="alert">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-[13px] text-zinc-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

const describedBy = (id: string, error?: string, hint?: ReactNode) => (error ? `${id}-error` : hint ? `${id}-hint` : undefined);

type TextFieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** A button beside the input, such as "Generate". */
  action?: ReactNode;
};

export function TextField({ label, hint, error, className, id, action, ...props }: TextFieldProps) {
  const generated = useId();
  const inputId = id ?? generated;
  const input = (
    <input
      id={inputId}
      className={cx(controlBase, 'h-10', error && invalidRing, className)}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(inputId, error, hint)}
      {...props}
    />
  );
  return (
    <FieldShell id={inputId} label={label} hint={hint} error={error}>
      {action ? (
        <div className="flex gap-2">
          <div className="min-w-0 flex-1">{input}</div>
          {action}
        </div>
      ) : (
        input
      )}
    </FieldShell>
  );
}

type SecretFieldProps = Omit<TextFieldProps, 'type'>;

/**
 * A password-type input with a show/hide toggle, for tokens pasted from elsewhere: people want to
 * check what they pasted. `action` adds a button beside it (e.g. "Generate").
 */
export function SecretField({ label, hint, error, className, id, action, ...props }: SecretFieldProps) {
  const t = useT();
  const generated = useId();
  const inputId = id ?? generated;
  const [shown, setShown] = useState(false);
  return (
    <FieldShell id={inputId} label={label} hint={hint} error={error}>
      <div className="flex gap-2">
        <div className="relative min-w-0 flex-1">
          <input
            id={inputId}
            type={shown ? 'text' : 'password'}
            autoComplete="off"
            spellCheck={false}
            className={cx(controlBase, 'h-10 pr-10 font-mono text-[13px]', error && invalidRing, className)}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(inputId, error, hint)}
            {...props}
          />
          <button
            type="button"
            aria-label={t('common.show')}
            aria-pressed={shown}
            aria-controls={inputId}
            onClick={() => setShown((value) => !value)}
            className={cx(
              'absolute top-1/2 right-1.5 -translate-y-1/2 rounded-md p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800',
              focusRing,
            )}
          >
            {shown ? <EyeOff className="size-4" aria-hidden="true" /> : <Eye className="size-4" aria-hidden="true" />}
          </button>
        </div>
        {action}
      </div>
    </FieldShell>
  );
}

type TextAreaFieldProps = TextareaHTMLAttributes<HTMLTextAreaElement> & { label: ReactNode; hint?: ReactNode; error?: string };

/** A multi-line text field with the same label, hint and error as the others. */
export function TextAreaField({ label, hint, error, className, id, ...props }: TextAreaFieldProps) {
  const generated = useId();
  const areaId = id ?? generated;
  return (
    <FieldShell id={areaId} label={label} hint={hint} error={error}>
      <textarea
        id={areaId}
        className={cx(controlBase, 'resize-y py-2', error && invalidRing, className)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(areaId, error, hint)}
        {...props}
      />
    </FieldShell>
  );
}

type SelectFieldProps = SelectHTMLAttributes<HTMLSelectElement> & { label: ReactNode; hint?: ReactNode; error?: string };

export function SelectField({ label, hint, error, className, id, children, ...props }: SelectFieldProps) {
  const generated = useId();
  const selectId = id ?? generated;
  return (
    <FieldShell id={selectId} label={label} hint={hint} error={error}>
      <Select
        id={selectId}
        className={cx(error && invalidRing, className)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(selectId, error, hint)}
        {...props}
      >
        {children}
      </Select>
    </FieldShell>
  );
}

/** A native select (keyboard and mobile friendly) styled like the inputs. */
export function Select({
  className,
  children,
  compact,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { compact?: boolean }) {
  return (
    <div className="relative">
      <select
        className={cx(controlBase, 'appearance-none truncate', compact ? 'h-8 pr-8 pl-2.5 text-[13px]' : 'h-10 pr-9', className)}
        {...props}
      >
        {children}
      </select>
      <ChevronDown
        className="pointer-events-none absolute top-1/2 right-2 size-4 -translate-y-1/2 text-zinc-500"
        aria-hidden="true"
      />
    </div>
  );
}
