import { useMutation, useQuery } from '@tanstack/react-query';
import { Link2Off } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../app/api-client.js';
import type { InvitationPreviewResponse, Session } from '../../app/api-types.js';
import { FullPageSpinner } from '../../app/boot-states.js';
import { useApplySession } from '../../app/session.js';
import { checkNewPassword, checkRequired, compact } from '../../app/validation.js';
import { errorMessage, fieldErrors } from '../../i18n/error-messages.js';
import { useI18n } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { TextField } from '../../ui/field.js';
import { AuthLayout } from './auth-layout.js';

type Problems = { name?: string; password?: string; confirmation?: string };

/** Where an invitation link lands: new people create their account, existing ones confirm with their password. */
export function InviteAcceptPage() {
  const { t, language } = useI18n();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const applySession = useApplySession();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problems, setProblems] = useState<Problems>({});

  const preview = useQuery({
    queryKey: ['invitation-link', token],
    queryFn: () => api.get<InvitationPreviewResponse>(`/invitation-links/${encodeURIComponent(token)}`),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const existingUser = preview.data?.existingUser ?? false;

  const accept = useMutation({
    mutationFn: async () => {
      const body = existingUser ? { password } : { name, password, language };
      await api.post<unknown>(`/invitation-links/${encodeURIComponent(token)}/accept`, body);
      // Accepting sets the session cookie; the session itself (with its CSRF token) is read separately.
      return api.get<Session>('/session');
    },
    onSuccess: (session) => {
      applySession(session);
      navigate('/inbox', { replace: true });
    },
  });

  if (preview.isPending) return <FullPageSpinner />;
  const invalid =
    (preview.error instanceof ApiError && preview.error.status !== 0 && preview.error.status < 500) ||
    (accept.error instanceof ApiError && accept.error.code === 'invitation_invalid');
  if (invalid || !preview.data) {
    return (
      <AuthLayout title={t('invite.invalidTitle')}>
        <div className="flex items-start gap-3">
          <Link2Off className="mt-0.5 size-5 shrink-0 text-zinc-400" aria-hidden="true" />
          <p className="text-sm text-zinc-600">{invalid ? t('invite.invalidBody') : errorMessage(t, preview.error)}</p>
        </div>
      </AuthLayout>
    );
  }

  const invitation = preview.data;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const passwordProblems = existingUser
      ? compact({ password: checkRequired(password) })
      : checkNewPassword(password, confirmation);
    const found = { ...(existingUser ? {} : compact({ name: checkRequired(name) })), ...passwordProblems };
    setProblems(Object.fromEntries(Object.entries(found).map(([field, key]) => [field, key ? t(key) : undefined])));
    if (Object.values(found).every((value) => !value)) accept.mutate();
  };

  const serverFields = fieldErrors(t, accept.error);
  const roleName = t(`role.${invitation.role}`).toLocaleLowerCase(language);
  return (
    <AuthLayout
      title={t('invite.title', { workspace: invitation.workspaceName })}
      subtitle={
        <>
          {t('invite.body', { role: roleName })}
          <span className="mt-0.5 block font-medium break-all text-zinc-800">{invitation.email}</span>
          {invitation.teamNames.length ? <span className="mt-2 block">{t('invite.teams', { teams: new Intl.ListFormat(language, { type: 'conjunction' }).format(invitation.teamNames) })}</span> : null}
        </>
      }
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {/* Lets password managers store the new credentials under the invited email. */}
        <input type="email" name="username" autoComplete="username" value={invitation.email} readOnly hidden />
        {accept.error && Object.keys(serverFields).length === 0 ? <Alert>{errorMessage(t, accept.error)}</Alert> : null}
        {existingUser ? (
          <>
            <Alert tone="info">{t('invite.existing')}</Alert>
            <TextField
              label={t('invite.currentPassword')}
              type="password"
              autoComplete="current-password"
              autoFocus
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              error={problems.password ?? serverFields.password}
            />
          </>
        ) : (
          <>
            <TextField
              label={t('invite.name')}
              autoComplete="name"
              autoFocus
              value={name}
              onChange={(event) => setName(event.target.value)}
              error={problems.name ?? serverFields.name}
            />
            <TextField
              label={t('invite.password')}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              hint={t('setup.owner.passwordHint')}
              error={problems.password ?? serverFields.password}
            />
            <TextField
              label={t('setup.owner.confirm')}
              type="password"
              autoComplete="new-password"
              value={confirmation}
              onChange={(event) => setConfirmation(event.target.value)}
              error={problems.confirmation}
            />
          </>
        )}
        <Button type="submit" variant="primary" size="lg" loading={accept.isPending} className="w-full">
          {t('invite.submit')}
        </Button>
      </form>
    </AuthLayout>
  );
}
