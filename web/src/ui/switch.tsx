import { useId } from 'react';
import { cx, focusRing } from './class-names.js';

type ToggleProps = { checked: boolean; onChange: (value: boolean) => void; disabled?: boolean; id?: string; label?: string; describedBy?: string };

/** The on/off control alone; name it with `label` (or a <label htmlFor>) since it shows no text. */
export function Toggle({ checked, onChange, disabled, id, label, describedBy }: ToggleProps) {
  return (
    <button
      id={id}
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      aria-describedby={describedBy}
      disabled={disabled}
      onClick={() => onChange(!checked)}
      className={cx(
        'relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors disabled:cursor-not-allowed disabled:opacity-50',
        checked ? 'bg-emerald-600' : 'bg-zinc-300',
        focusRing,
      )}
    >
      <span className={cx('inline-block size-5 rounded-full bg-white shadow transition-transform', checked ? 'translate-x-5.5' : 'translate-x-0.5')} />
    </button>
  );
}

/** A setting that is on or off: label and hint on the left, the switch on the right. */
export function Switch({ label, hint, checked, onChange, disabled }: { label: string; hint?: string; checked: boolean; onChange: (value: boolean) => void; disabled?: boolean }) {
  const id = useId();
  return (
    <div className="flex items-start justify-between gap-4">
      <div className="min-w-0">
        <label htmlFor={id} className="text-sm font-medium text-zinc-900">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="mt-0.5 text-[13px] text-zinc-500">
            {hint}
          </p>
        ) : null}
      </div>
      <div className="mt-0.5">
        <Toggle id={id} checked={checked} onChange={onChange} disabled={disabled} describedBy={hint ? `${id}-hint` : undefined} />
      </div>
    </div>
  );
}
