import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../../app/api-client.js';
import type { ApiTokenCreatedResponse, GrantableRole } from '../../../app/api-types.js';
import { checkRequired } from '../../../app/validation.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { CopyField } from '../../../ui/copy-field.js';
import { Dialog } from '../../../ui/dialog.js';
import { TextField } from '../../../ui/field.js';
import { RoleChoice } from '../members/role-choice.js';
import { apiTokensKey } from './api-tokens-api.js';

/** Name + role, then the secret exactly once with a warning that it cannot be shown again. */
export function CreateTokenDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<GrantableRole>('admin');
  const [problem, setProblem] = useState<string>();
  const create = useMutation({
    mutationFn: () => api.post<ApiTokenCreatedResponse>('/api-tokens', { name, role }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: apiTokensKey }),
  });

  const close = () => {
    setName('');
    setRole('admin');
    setProblem(undefined);
    create.reset();
    onClose();
  };

  if (create.data) {
    return (
      <Dialog
        open={open}
        onClose={close}
        title={t('tokens.secretTitle')}
        footer={
          <Button variant="primary" onClick={close}>
            {t('common.done')}
          </Button>
        }
      >
        <div className="flex flex-col gap-4">
          <Alert>{t('tokens.secretWarning')}</Alert>
          <CopyField label={t('tokens.secret')} value={create.data.token} />
        </div>
      </Dialog>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkRequired(name);
    setProblem(found && t(found));
    if (!found) create.mutate();
  };
  const serverFields = fieldErrors(t, create.error);

  return (
    <Dialog open={open} onClose={close} title={t('tokens.dialogTitle')} description={t('tokens.subtitle')}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4 pb-5">
        {create.error && !serverFields.name ? <Alert>{errorMessage(t, create.error)}</Alert> : null}
        <TextField
          label={t('tokens.name')}
          placeholder={t('tokens.namePlaceholder')}
          autoFocus
          maxLength={100}
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={problem ?? serverFields.name}
        />
        <RoleChoice value={role} onChange={setRole} legend={t('tokens.role')} />
        <div className="flex flex-wrap justify-end gap-2 pt-1">
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" loading={create.isPending}>
            {t('tokens.create')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
