import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { api } from '../../../app/api-client.js';
import type { Workspace } from '../../../app/api-types.js';
import { sessionKey } from '../../../app/session.js';
import { errorMessage } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Card } from '../../../ui/card.js';
import { cx, focusRing } from '../../../ui/class-names.js';
import { useToast } from '../../../ui/toast.js';

type InboxSettings = Workspace['inboxSettings'];

/** Who may assign, who may reply, what agents see: each change is saved as soon as it is made. */
export function InboxRulesCard({ workspace, editable, queryKey }: { workspace: Workspace; editable: boolean; queryKey: readonly unknown[] }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const settings = workspace.inboxSettings;
  const save = useMutation({
    mutationFn: (change: Partial<InboxSettings>) => api.patch<Workspace>('/workspace', { inboxSettings: change }),
    onSuccess: (next) => {
      queryClient.setQueryData(queryKey, next);
      void queryClient.invalidateQueries({ queryKey: sessionKey });
      toast(t('common.saved'));
    },
  });

  return (
    <Card title={t('inboxRules.title')} description={t('inboxRules.subtitle')}>
      <fieldset disabled={!editable || save.isPending} className="flex flex-col gap-4">
        {save.error ? <Alert>{errorMessage(t, save.error)}</Alert> : null}
        <Switch
          label={t('inboxRules.agentsCanAssign')}
          hint={t('inboxRules.agentsCanAssignHint')}
          checked={settings.agentsCanAssign}
          onChange={(value) => save.mutate({ agentsCanAssign: value })}
        />
        <Switch
          label={t('inboxRules.onlyAssigneeReplies')}
          hint={t('inboxRules.onlyAssigneeRepliesHint')}
          checked={settings.onlyAssigneeReplies}
          onChange={(value) => save.mutate({ onlyAssigneeReplies: value })}
        />
        <div>
          <p className="text-[13px] font-medium text-zinc-800">{t('inboxRules.agentVisibility')}</p>
          <div className="mt-2 flex flex-col gap-2">
            {(['all', 'team'] as const).map((option) => (
              <label key={option} className="flex items-center gap-2 text-sm text-zinc-700">
                <input
                  type="radio"
                  name="agentVisibility"
                  checked={settings.agentVisibility === option}
                  onChange={() => save.mutate({ agentVisibility: option })}
                  className="size-4 accent-emerald-600"
                />
                {option === 'all' ? t('inboxRules.visibilityAll') : t('inboxRules.visibilityTeam')}
              </label>
            ))}
          </div>
        </div>
      </fieldset>
    </Card>
  );
}

function Switch({ label, hint, checked, onChange }: { label: string; hint: string; checked: boolean; onChange: (value: boolean) => void }) {
  const id = useId();
  return (
    <div className="flex items-start justify-between gap-4">
      <div className="min-w-0">
        <label htmlFor={id} className="text-sm font-medium text-zinc-900">
          {label}
        </label>
        <p id={`${id}-hint`} className="mt-0.5 text-[13px] text-zinc-500">
          {hint}
        </p>
      </div>
      <button
        id={id}
        type="button"
        role="switch"
        aria-checked={checked}
        aria-describedby={`${id}-hint`}
        onClick={() => onChange(!checked)}
        className={cx(
          'relative mt-0.5 inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors disabled:opacity-50',
          checked ? 'bg-emerald-600' : 'bg-zinc-300',
          focusRing,
        )}
      >
        <span className={cx('inline-block size-5 rounded-full bg-white shadow transition-transform', checked ? 'translate-x-5.5' : 'translate-x-0.5')} />
      </button>
    </div>
  );
}
