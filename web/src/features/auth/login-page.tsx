import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../app/api-client.js';
import type { Session } from '../../app/api-types.js';
import { useApplySession, useSessionQuery } from '../../app/session.js';
import { checkEmail, checkRequired, compact } from '../../app/validation.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { TextField } from '../../ui/field.js';
import { AuthLayout } from './auth-layout.js';

/** Only same-app paths are followed after sign-in, never another origin. */
function safeNext(value: string | null) {
  return value?.startsWith('/') && !value.startsWith('//') ? value : '/inbox';
}

export function LoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const { data: session } = useSessionQuery();
  const applySession = useApplySession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<{ email?: string; password?: string }>({});

  const login = useMutation({
    mutationFn: () => api.post<Session>('/auth/login', { email, password }),
    onSuccess: (result) => {
      applySession(result);
      navigate(next, { replace: true });
    },
  });

  if (session && !login.isPending) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = compact({ email: checkEmail(email), password: checkRequired(password) });
    setProblems({ email: found.email && t(found.email), password: found.password && t(found.password) });
    if (Object.keys(found).length === 0) login.mutate();
  };

  return (
    <AuthLayout title={t('login.title')} subtitle={t('login.subtitle')}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {login.error ? <Alert>{errorMessage(t, login.error)}</Alert> : null}
        <TextField
          label={t('login.email')}
          type="email"
          name="email"
          autoComplete="username"
          autoFocus
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={problems.email}
        />
        <div className="flex flex-col gap-1.5">
          <TextField
            label={t('login.password')}
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={problems.password}
          />
          <Link
            to="/forgot-password"
            state={{ email }}
            className={cx('self-end rounded text-[13px] font-medium text-emerald-700 hover:text-emerald-800', focusRing)}
          >
            {t('login.forgot')}
          </Link>
        </div>
        <Button type="submit" variant="primary" size="lg" loading={login.isPending} className="mt-1 w-full">
          {t('login.submit')}
        </Button>
      </form>
    </AuthLayout>
  );
}
