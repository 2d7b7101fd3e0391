import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../../app/api-client.js';
import { checkNewPassword, checkRequired } from '../../../app/validation.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { Card } from '../../../ui/card.js';
import { TextField } from '../../../ui/field.js';
import { useToast } from '../../../ui/toast.js';

type Problems = { current?: string; password?: string; confirmation?: string };
const empty = { current: '', password: '', confirmation: '' };

export function ChangePasswordCard() {
  const t = useT();
  const toast = useToast();
  const [values, setValues] = useState(empty);
  const [problems, setProblems] = useState<Problems>({});
  const change = useMutation({
    mutationFn: () => api.post<void>('/profile/password', { currentPassword: values.current, newPassword: values.password }),
    onSuccess: () => {
      setValues(empty);
      toast(t('profile.passwordChanged'));
    },
    onError: (error) => {
      // A wrong current password belongs under that field, not in a banner.
      if (error instanceof ApiError && error.code === 'invalid_credentials') setProblems({ current: errorMessage(t, error) });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const current = checkRequired(values.current);
    const found = checkNewPassword(values.password, values.confirmation);
    setProblems({
      current: current && t(current),
      password: found.password && t(found.password),
      confirmation: found.confirmation && t(found.confirmation),
    });
    if (!current && !found.password && !found.confirmation) change.mutate();
  };
  const update = (field: keyof typeof empty) => (event: { target: { value: string } }) =>
    setValues((currentValues) => ({ ...currentValues, [field]: event.target.value }));
  const serverFields = fieldErrors(t, change.error);
  const banner =
    change.error &&
    !(change.error instanceof ApiError && change.error.code === 'invalid_credentials') &&
    !serverFields.newPassword;

  return (
    <form onSubmit={submit} noValidate>
      <Card
        title={t('profile.passwordTitle')}
        description={t('profile.passwordSubtitle')}
        footer={
          <Button type="submit" loading={change.isPending}>
            {t('profile.changePassword')}
          </Button>
        }
      >
        <div className="grid gap-4 sm:grid-cols-2">
          {banner ? (
            <div className="sm:col-span-2">
              <Alert>{errorMessage(t, change.error)}</Alert>
            </div>
          ) : null}
          <div className="sm:col-span-2 sm:max-w-[calc(50%-0.5rem)]">
            <TextField
              label={t('profile.currentPassword')}
              type="password"
              autoComplete="current-password"
              value={values.current}
              onChange={update('current')}
              error={problems.current}
            />
          </div>
          <TextField
            label={t('profile.newPassword')}
            type="password"
            autoComplete="new-password"
            value={values.password}
            onChange={update('password')}
            error={problems.password ?? serverFields.newPassword}
          />
          <TextField
            label={t('profile.confirmPassword')}
            type="password"
            autoComplete="new-password"
            value={values.confirmation}
            onChange={update('confirmation')}
            error={problems.confirmation}
          />
        </div>
      </Card>
    </form>
  );
}
