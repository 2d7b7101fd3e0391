import { useMutation } from '@tanstack/react-query';
import { CircleCheck } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../app/api-client.js';
import { checkNewPassword } from '../../app/validation.js';
import { errorMessage, fieldErrors } from '../../i18n/error-messages.js';
import { useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Button, buttonClasses } from '../../ui/button.js';
import { TextField } from '../../ui/field.js';
import { AuthLayout } from './auth-layout.js';

/** Opened from a link an admin handed over: choose a new password, then sign in with it. */
export function ResetPasswordPage() {
  const t = useT();
  const { token = '' } = useParams();
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problems, setProblems] = useState<{ password?: string; confirmation?: string }>({});
  const reset = useMutation({ mutationFn: () => api.post<void>('/auth/password-reset/confirm', { token, password }) });

  const loginLink = (
    <Link to="/login" className={buttonClasses('primary', 'lg', 'w-full')}>
      {t('forgot.back')}
    </Link>
  );

  if (reset.isSuccess) {
    return (
      <AuthLayout title={t('reset.doneTitle')}>
        <div className="flex flex-col gap-5">
          <p className="flex items-start gap-3 text-sm text-zinc-600">
            <CircleCheck className="size-5 shrink-0 text-emerald-600" aria-hidden="true" />
            {t('reset.doneBody')}
          </p>
          {loginLink}
        </div>
      </AuthLayout>
    );
  }

  // A used or expired link cannot be fixed by retyping: explain and offer a way back.
  if (reset.error instanceof ApiError && reset.error.code === 'reset_link_invalid') {
    return (
      <AuthLayout title={t('reset.invalidTitle')}>
        <div className="flex flex-col gap-5">
          <p className="text-sm text-zinc-600">{t('error.reset_link_invalid')}</p>
          <Link to="/forgot-password" className={buttonClasses('primary', 'lg', 'w-full')}>
            {t('forgot.submit')}
          </Link>
        </div>
      </AuthLayout>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkNewPassword(password, confirmation);
    setProblems({ password: found.password && t(found.password), confirmation: found.confirmation && t(found.confirmation) });
    if (!found.password && !found.confirmation) reset.mutate();
  };

  const serverFields = fieldErrors(t, reset.error);
  return (
    <AuthLayout title={t('reset.title')}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {reset.error && !serverFields.password ? <Alert>{errorMessage(t, reset.error)}</Alert> : null}
        <TextField
          label={t('reset.password')}
          type="password"
          autoComplete="new-password"
          autoFocus
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          hint={t('setup.owner.passwordHint')}
          error={problems.password ?? serverFields.password}
        />
        <TextField
          label={t('reset.confirm')}
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
          error={problems.confirmation}
        />
        <Button type="submit" variant="primary" size="lg" loading={reset.isPending} className="w-full">
          {t('reset.submit')}
        </Button>
      </form>
    </AuthLayout>
  );
}
