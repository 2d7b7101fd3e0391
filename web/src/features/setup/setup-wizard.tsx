import { useMutation, useQueryClient } from '@tanstack/react-query';
import { PartyPopper } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../../app/api-client.js';
import type { Language, Session, SetupStatusResponse } from '../../app/api-types.js';
import { setupKey, useApplySession } from '../../app/session.js';
import { checkEmail, checkNewPassword, checkRequired, compact } from '../../app/validation.js';
import { errorMessage, fieldErrors } from '../../i18n/error-messages.js';
import { useI18n } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { TextField } from '../../ui/field.js';
import { AuthLayout } from '../auth/auth-layout.js';
import { LanguageChoice, StepIndicator } from './setup-steps.js';

type Step = 'language' | 'workspace' | 'owner' | 'done';
const inputSteps: Step[] = ['language', 'workspace', 'owner'];
type Owner = { name: string; email: string; password: string; confirmation: string };
type OwnerProblems = Partial<Record<keyof Owner, string>>;

const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** First run on an empty database: language → workspace → owner account → signed in. No command line needed. */
export function SetupWizard() {
  const { t, language, setLanguage } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const applySession = useApplySession();
  const [step, setStep] = useState<Step>('language');
  const [workspaceName, setWorkspaceName] = useState('');
  const [workspaceProblem, setWorkspaceProblem] = useState<string>();
  const [owner, setOwner] = useState<Owner>({ name: '', email: '', password: '', confirmation: '' });
  const [ownerProblems, setOwnerProblems] = useState<OwnerProblems>({});
  // Demo mode: the simulated number exists but belongs to no workspace until this one is created.
  const demo = queryClient.getQueryData<SetupStatusResponse>(setupKey)?.demo === true;

  const create = useMutation({
    mutationFn: () =>
      api.post<Session>('/setup', {
        workspaceName,
        name: owner.name,
        email: owner.email,
        password: owner.password,
        language,
        timeZone: browserTimeZone(),
      }),
    onSuccess: (session) => {
      applySession(session);
      setStep('done');
    },
    onError: (error) => {
      // Someone finished setup in another tab: this wizard is obsolete, go to sign-in.
      if (error instanceof ApiError && error.code === 'setup_done') queryClient.setQueryData(setupKey, { needed: false, demo: false });
      const fields = fieldErrors(t, error);
      if (fields.workspaceName) {
        setWorkspaceProblem(fields.workspaceName);
        setStep('workspace');
      }
      setOwnerProblems({ name: fields.name, email: fields.email, password: fields.password });
    },
  });

  const enterApp = () => {
    queryClient.setQueryData(setupKey, { needed: false, demo: false });
    navigate('/inbox', { replace: true });
  };

  if (step === 'done') {
    const session = queryClient.getQueryData<Session | null>(['session']);
    return (
      <AuthLayout
        languageSwitch={false}
        eyebrow={<PartyPopper className="mb-4 size-8 text-emerald-600" aria-hidden="true" />}
        title={t('setup.done.title', { name: session?.user.name.split(' ')[0] ?? owner.name })}
        subtitle={t(demo ? 'setup.done.bodyDemo' : 'setup.done.body', { workspace: session?.workspace?.name ?? workspaceName })}
      >
        <Button variant="primary" size="lg" className="w-full" onClick={enterApp} autoFocus>
          {t('setup.done.enter')}
        </Button>
      </AuthLayout>
    );
  }

  const stepNumber = inputSteps.indexOf(step) + 1;
  const indicator = <StepIndicator current={stepNumber} total={inputSteps.length} />;

  if (step === 'language') {
    const choose = (next: Language) => setLanguage(next);
    return (
      <AuthLayout languageSwitch={false} eyebrow={indicator} title={t('setup.welcome')} subtitle={t('setup.language.hint')}>
        <div className="flex flex-col gap-5">
          <LanguageChoice onChoose={choose} />
          <Button variant="primary" size="lg" className="w-full" onClick={() => setStep('workspace')}>
            {t('common.next')}
          </Button>
        </div>
      </AuthLayout>
    );
  }

  if (step === 'workspace') {
    const next = (event: FormEvent) => {
      event.preventDefault();
      const problem = checkRequired(workspaceName);
      setWorkspaceProblem(problem && t(problem));
      if (!problem) setStep('owner');
    };
    return (
      <AuthLayout eyebrow={indicator} title={t('setup.workspace.title')} subtitle={t('setup.workspace.hint')}>
        <form onSubmit={next} noValidate className="flex flex-col gap-5">
          {demo ? <Alert tone="info">{t('setup.workspace.demoNumber')}</Alert> : null}
          <TextField
            label={t('setup.workspace.label')}
            placeholder={t('setup.workspace.placeholder')}
            autoComplete="organization"
            autoFocus
            maxLength={100}
            value={workspaceName}
            onChange={(event) => setWorkspaceName(event.target.value)}
            error={workspaceProblem}
          />
          <WizardButtons onBack={() => setStep('language')} submitLabel={t('common.next')} />
        </form>
      </AuthLayout>
    );
  }

  const update = (field: keyof Owner) => (event: { target: { value: string } }) =>
    setOwner((current) => ({ ...current, [field]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const passwords = checkNewPassword(owner.password, owner.confirmation);
    const found = { ...compact({ name: checkRequired(owner.name), email: checkEmail(owner.email) }), ...passwords };
    setOwnerProblems(Object.fromEntries(Object.entries(found).map(([field, key]) => [field, key ? t(key) : undefined])));
    if (Object.values(found).every((value) => !value)) create.mutate();
  };
  const generalError = create.error instanceof ApiError && Object.keys(create.error.fields).length === 0;

  return (
    <AuthLayout eyebrow={indicator} title={t('setup.owner.title')} subtitle={t('setup.owner.hint')}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {generalError ? <Alert>{errorMessage(t, create.error)}</Alert> : null}
        <TextField
          label={t('setup.owner.name')}
          autoComplete="name"
          autoFocus
          value={owner.name}
          onChange={update('name')}
          error={ownerProblems.name}
        />
        <TextField
          label={t('setup.owner.email')}
          type="email"
          autoComplete="username"
          value={owner.email}
          onChange={update('email')}
          error={ownerProblems.email}
        />
        <TextField
          label={t('setup.owner.password')}
          type="password"
          autoComplete="new-password"
          hint={t('setup.owner.passwordHint')}
          value={owner.password}
          onChange={update('password')}
          error={ownerProblems.password}
        />
        <TextField
          label={t('setup.owner.confirm')}
          type="password"
          autoComplete="new-password"
          value={owner.confirmation}
          onChange={update('confirmation')}
          error={ownerProblems.confirmation}
        />
        <WizardButtons onBack={() => setStep('workspace')} submitLabel={t('setup.submit')} loading={create.isPending} />
      </form>
    </AuthLayout>
  );
}

function WizardButtons({ onBack, submitLabel, loading }: { onBack: () => void; submitLabel: string; loading?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="mt-1 flex gap-3">
      <Button size="lg" onClick={onBack} disabled={loading}>
        {t('common.back')}
      </Button>
      <Button type="submit" variant="primary" size="lg" loading={loading} className="flex-1">
        {submitLabel}
      </Button>
    </div>
  );
}
