import type { Channel } from '../../../app/api-types.js';
import { useT } from '../../../i18n/i18n.js';
import { cx } from '../../../ui/class-names.js';

type ReopenPolicy = Channel['reopenPolicy'];
const policies: ReopenPolicy[] = ['reopen', 'new'];

/** Radio cards that say what each policy does, in the words of someone running a shop. */
export function ReopenChoice({ value, onChange }: { value: ReopenPolicy; onChange: (policy: ReopenPolicy) => void }) {
  const t = useT();
  return (
    <fieldset className="flex flex-col gap-1.5">
      <legend className="mb-1.5 text-[13px] font-medium text-zinc-800">{t('connect.reopenPolicy')}</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {policies.map((policy) => (
          <label
            key={policy}
            className={cx(
              'flex cursor-pointer items-start gap-3 rounded-lg px-3 py-2.5 ring-1 transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-emerald-600',
              value === policy ? 'bg-emerald-50/60 ring-emerald-600' : 'ring-zinc-200 hover:bg-zinc-50',
            )}
          >
            <input
              type="radio"
              name="reopenPolicy"
              value={policy}
              checked={value === policy}
              onChange={() => onChange(policy)}
              className="mt-0.5 size-4 accent-emerald-600 focus:outline-none"
            />
            <span className="min-w-0">
              <span className="block text-sm font-medium text-zinc-900">{t(`connect.reopen.${policy}`)}</span>
              <span className="block text-[13px] text-zinc-500">{t(`connect.reopen.${policy}Hint`)}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
