import { useMutation } from '@tanstack/react-query';
import { MailCheck } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { api } from '../../app/api-client.js';
import { checkEmail } from '../../app/validation.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Button, buttonClasses } from '../../ui/button.js';
import { TextField } from '../../ui/field.js';
import { AuthLayout } from './auth-layout.js';

/** Asks for a reset link. The server answers 202 whatever the email, so accounts cannot be probed. */
export function ForgotPasswordPage() {
  const t = useT();
  const location = useLocation();
  const initialEmail = (location.state as { email?: unknown } | null)?.email;
  const [email, setEmail] = useState(typeof initialEmail === 'string' ? initialEmail : '');
  const [problem, setProblem] = useState<string>();
  const request = useMutation({ mutationFn: () => api.post<unknown>('/auth/password-reset', { email }) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkEmail(email);
    setProblem(found && t(found));
    if (!found) request.mutate();
  };

  const backLink = (
    <Link to="/login" className={buttonClasses('ghost', 'md')}>
      {t('forgot.back')}
    </Link>
  );

  if (request.isSuccess) {
    return (
      <AuthLayout title={t('forgot.sentTitle')} footer={backLink}>
        <div className="flex items-start gap-3">
          <MailCheck className="mt-0.5 size-5 shrink-0 text-emerald-600" aria-hidden="true" />
          <p className="text-sm text-zinc-600">{t('forgot.sentBody', { email: email.trim() })}</p>
        </div>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('forgot.title')} subtitle={t('forgot.body')} footer={backLink}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {request.error ? <Alert>{errorMessage(t, request.error)}</Alert> : null}
        <TextField
          label={t('login.email')}
          type="email"
          autoComplete="email"
          autoFocus
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={problem}
        />
        <Button type="submit" variant="primary" size="lg" loading={request.isPending} className="w-full">
          {t('forgot.submit')}
        </Button>
      </form>
    </AuthLayout>
  );
}
