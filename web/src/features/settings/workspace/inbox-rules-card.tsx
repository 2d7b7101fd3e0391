import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api-client.js';
import type { Workspace } from '../../../app/api-types.js';
import { sessionKey } from '../../../app/session.js';
import { errorMessage } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Card } from '../../../ui/card.js';
import { Switch } from '../../../ui/switch.js';
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
