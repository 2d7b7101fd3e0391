import type { GrantableRole } from '../../../app/api-types.js';
import { useT } from '../../../i18n/i18n.js';
import { cx } from '../../../ui/class-names.js';

const roles: GrantableRole[] = ['agent', 'supervisor', 'admin'];

/** Radio cards that explain each role, so an admin without technical background picks the right one. */
export function RoleChoice({
  value,
  onChange,
  legend,
}: {
  value: GrantableRole;
  onChange: (role: GrantableRole) => void;
  legend?: string;
}) {
  const t = useT();
  return (
    <fieldset className="flex flex-col gap-1.5">
      <legend className="mb-1.5 text-[13px] font-medium text-zinc-800">{legend ?? t('inviteDialog.role')}</legend>
      <div className="flex flex-col gap-2">
        {roles.map((role) => (
          <label
            key={role}
            className={cx(
              'flex cursor-pointer items-start gap-3 rounded-lg px-3 py-2.5 ring-1 transition-colors has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-emerald-600',
              value === role ? 'bg-emerald-50/60 ring-emerald-600' : 'ring-zinc-200 hover:bg-zinc-50',
            )}
          >
            <input
              type="radio"
              name="role"
              value={role}
              checked={value === role}
              onChange={() => onChange(role)}
              className="mt-0.5 size-4 accent-emerald-600 focus:outline-none"
            />
            <span className="min-w-0">
              <span className="block text-sm font-medium text-zinc-900">{t(`role.${role}`)}</span>
              <span className="block text-[13px] text-zinc-500">{t(`roleHint.${role}`)}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
