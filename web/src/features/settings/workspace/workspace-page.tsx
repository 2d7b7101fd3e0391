import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../../app/api-client.js';
import type { Language, Workspace } from '../../../app/api-types.js';
import { canManageWorkspace, sessionKey, useSession } from '../../../app/session.js';
import { checkRequired } from '../../../app/validation.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { Card, PageHeader } from '../../../ui/card.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { useToast } from '../../../ui/toast.js';
import { TimeZoneSelect } from '../time-zone-select.js';
import { InboxRulesCard } from './inbox-rules-card.js';

export const workspaceKey = ['workspace'] as const;

export function WorkspacePage() {
  const t = useT();
  const session = useSession();
  const workspace = useQuery({ queryKey: workspaceKey, queryFn: () => api.get<Workspace>('/workspace') });
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <PageHeader title={t('workspace.title')} description={t('workspace.subtitle')} />
      {canManageWorkspace(session) ? null : <Alert tone="info">{t('workspace.readOnly')}</Alert>}
      {workspace.error ? <Alert>{errorMessage(t, workspace.error)}</Alert> : null}
      {workspace.data ? (
        <>
          <WorkspaceForm key={workspace.data.id} workspace={workspace.data} editable={canManageWorkspace(session)} />
          <InboxRulesCard workspace={workspace.data} editable={canManageWorkspace(session)} queryKey={workspaceKey} />
        </>
      ) : null}
    </div>
  );
}

/** Read-only for supervisors and agents: same fields, disabled, no save button. */
function WorkspaceForm({ workspace, editable }: { workspace: Workspace; editable: boolean }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [name, setName] = useState(workspace.name);
  const [language, setLanguage] = useState<Language>(workspace.language);
  const [timeZone, setTimeZone] = useState(workspace.timeZone);
  const [nameProblem, setNameProblem] = useState<string>();

  const changes = {
    ...(name.trim() !== workspace.name ? { name: name.trim() } : {}),
    ...(language !== workspace.language ? { language } : {}),
    ...(timeZone !== workspace.timeZone ? { timeZone } : {}),
  };
  const save = useMutation({
    mutationFn: () => api.patch<Workspace>('/workspace', changes),
    onSuccess: (next) => {
      queryClient.setQueryData(workspaceKey, next);
      // The sidebar shows the workspace name from the session.
      void queryClient.invalidateQueries({ queryKey: sessionKey });
      toast(t('common.saved'));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = checkRequired(name);
    setNameProblem(problem && t(problem));
    if (!problem && Object.keys(changes).length > 0) save.mutate();
  };
  const serverFields = fieldErrors(t, save.error);

  return (
    <form onSubmit={submit} noValidate>
      <Card
        footer={
          editable ? (
            <Button type="submit" variant="primary" loading={save.isPending} disabled={Object.keys(changes).length === 0}>
              {t('common.save')}
            </Button>
          ) : null
        }
      >
        <fieldset disabled={!editable} className="grid gap-4 sm:grid-cols-2">
          {save.error && Object.keys(serverFields).length === 0 ? (
            <div className="sm:col-span-2">
              <Alert>{errorMessage(t, save.error)}</Alert>
            </div>
          ) : null}
          <div className="sm:col-span-2">
            <TextField
              label={t('workspace.name')}
              maxLength={100}
              value={name}
              onChange={(event) => setName(event.target.value)}
              error={nameProblem ?? serverFields.name}
            />
          </div>
          <SelectField
            label={t('workspace.language')}
            hint={t('workspace.languageHint')}
            value={language}
            onChange={(event) => setLanguage(event.target.value as Language)}
          >
            <option value="es">{t('language.es')}</option>
            <option value="en">{t('language.en')}</option>
          </SelectField>
          <TimeZoneSelect
            label={t('workspace.timeZone')}
            hint={t('workspace.timeZoneHint')}
            value={timeZone}
            onChange={setTimeZone}
            error={serverFields.timeZone}
          />
        </fieldset>
      </Card>
    </form>
  );
}
