import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ArrowRight, ExternalLink, Hash, KeyRound, LockKeyhole, Sparkles } from 'lucide-react';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useRevealFirstProblem } from '../../../ui/reveal-first-problem.js';
import { api } from '../../../app/api-client.js';
import type { Channel, ChannelCheckResult, ChannelCreatedResponse, ChannelUpdatedResponse } from '../../../app/api-types.js';
import { checkApiVersion, checkGraphId, checkHttpUrl, checkRequired, checkSecret, checkVerifyToken, compact } from '../../../app/validation.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button, buttonClasses } from '../../../ui/button.js';
import { Dialog } from '../../../ui/dialog.js';
import { SecretField, TextField } from '../../../ui/field.js';
import { StepIndicator } from '../../setup/setup-steps.js';
import { AdvancedSettings, type AdvancedValues } from './advanced-settings.js';
import { CheckResult } from './check-result.js';
import { channelsKey, defaultApiBaseUrl, defaultApiVersion, randomVerifyToken } from './channels-api.js';
import { problemKey } from './health.js';
import { WebhookSetup } from './webhook-setup.js';

type Step = 'intro' | 'form' | 'result';
const steps: Step[] = ['intro', 'form', 'result'];

type Draft = AdvancedValues & {
  name: string;
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
};
type Problems = Partial<Record<keyof Draft, string>>;
type Outcome = { channel: Channel; check: ChannelCheckResult; verifyToken: string };

const emptyDraft: Draft = {
  name: '',
  phoneNumberId: '',
  wabaId: '',
  accessToken: '',
  appSecret: '',
  verifyToken: '',
  apiBaseUrl: defaultApiBaseUrl,
  apiVersion: defaultApiVersion,
  reopenPolicy: 'reopen',
};

/**
 * "Conectar WhatsApp" for someone with no programming: what to fetch from Meta, the fields with
 * where to find each one, then the credential check in plain words and the webhook to paste in Meta.
 * A failed check keeps the number; fixing the details updates it instead of connecting it twice.
 */
export function ConnectDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const formId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [step, setStep] = useState<Step>('intro');
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [problems, setProblems] = useState<Problems>({});
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  // Each step announces itself: focus moves to its heading, or on the result to its main button.
  useEffect(() => heading.current?.focus({ preventScroll: true }), [step]);
  useRevealFirstProblem(formId, problems);

  const update = (changes: Partial<Draft>) => setDraft((current) => ({ ...current, ...changes }));

  const connect = useMutation({
    mutationFn: async (): Promise<Outcome> => {
      const values = {
        name: draft.name.trim(),
        accessToken: draft.accessToken.trim(),
        appSecret: draft.appSecret.trim(),
        verifyToken: draft.verifyToken.trim(),
        apiBaseUrl: draft.apiBaseUrl.trim().replace(/\/+$/, ''),
        apiVersion: draft.apiVersion.trim(),
        reopenPolicy: draft.reopenPolicy,
      };
      const phoneNumberId = draft.phoneNumberId.trim();
      const wabaId = draft.wabaId.trim();
      const saved = outcome?.channel;
      if (saved && saved.phoneNumberId === phoneNumberId && saved.wabaId === wabaId) {
        const updated = await api.patch<ChannelUpdatedResponse>(`/channels/${saved.id}`, values);
        const check = updated.check ?? { ok: updated.channel.health === 'connected', health: updated.channel.health, message: '' };
        return { channel: updated.channel, check, verifyToken: values.verifyToken };
      }
      // The ids were wrong: the number saved a moment ago is replaced, not kept as a second one.
      if (saved) {
        await api.delete(`/channels/${saved.id}`);
        setOutcome(null);
      }
      return api.post<ChannelCreatedResponse>('/channels', { type: 'whatsapp', phoneNumberId, wabaId, ...values });
    },
    onSuccess: (result) => {
      setOutcome(result);
      setStep('result');
    },
    onError: (error) => {
      const fields = fieldErrors(t, error) as Problems;
      setProblems(fields);
      if (fields.apiBaseUrl || fields.apiVersion) setAdvancedOpen(true);
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: channelsKey }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = compact({
      name: checkRequired(draft.name),
      phoneNumberId: checkGraphId(draft.phoneNumberId),
      wabaId: checkGraphId(draft.wabaId),
      accessToken: checkSecret(draft.accessToken),
      appSecret: checkSecret(draft.appSecret),
      verifyToken: checkVerifyToken(draft.verifyToken),
      apiBaseUrl: checkHttpUrl(draft.apiBaseUrl),
      apiVersion: checkApiVersion(draft.apiVersion),
    });
    setProblems(Object.fromEntries(Object.entries(found).map(([field, key]) => [field, t(key)])));
    if (found.apiBaseUrl || found.apiVersion) setAdvancedOpen(true);
    if (Object.keys(found).length === 0) connect.mutate();
  };

  const title = (key: 'connect.intro.title' | 'connect.form.title', body?: string) => (
    <div className="mb-4">
      <StepIndicator current={steps.indexOf(step) + 1} total={steps.length} />
      <h3 ref={heading} tabIndex={-1} className="text-[15px] font-semibold text-zinc-900 focus:outline-none">
        {t(key)}
      </h3>
      {body ? <p className="mt-1 text-sm text-zinc-600">{body}</p> : null}
    </div>
  );

  if (step === 'intro') {
    return (
      <Dialog
        open
        onClose={onClose}
        size="lg"
        step={step}
        title={t('connect.title')}
        footer={
          <>
            <Button key="cancel" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button key="start" variant="primary" onClick={() => setStep('form')}>
              {t('connect.intro.start')}
              <ArrowRight className="size-4" aria-hidden="true" />
            </Button>
          </>
        }
      >
        {title('connect.intro.title', t('connect.intro.body'))}
        <ol className="flex flex-col gap-2.5">
          <IntroItem icon={<Hash className="size-4" />} title={t('connect.intro.ids.title')} body={t('connect.intro.ids.body')} />
          <IntroItem icon={<KeyRound className="size-4" />} title={t('connect.intro.token.title')} body={t('connect.intro.token.body')} />
          <IntroItem
            icon={<LockKeyhole className="size-4" />}
            title={t('connect.intro.secret.title')}
            body={t('connect.intro.secret.body')}
          />
        </ol>
        <p className="mt-4 text-[13px] text-zinc-500">{t('connect.intro.after')}</p>
        <a
          href="https://developers.facebook.com/apps"
          target="_blank"
          rel="noreferrer"
          className={buttonClasses('secondary', 'sm', 'mt-3 mb-2')}
        >
          {t('connect.intro.openMeta')}
          <ExternalLink className="size-3.5" aria-hidden="true" />
        </a>
      </Dialog>
    );
  }

  if (step === 'result' && outcome) {
    return (
      <Dialog
        open
        onClose={onClose}
        size="lg"
        step={step}
        title={t('connect.title')}
        footer={
          outcome.check.ok ? (
            <Button key="done" variant="primary" onClick={onClose} autoFocus>
              {t('common.done')}
            </Button>
          ) : (
            <>
              <Button key="close" onClick={onClose}>
                {t('common.close')}
              </Button>
              <Button key="fix" variant="primary" onClick={() => setStep('form')} autoFocus>
                {t('connect.fix')}
              </Button>
            </>
          )
        }
      >
        <div className="flex flex-col gap-4 pb-2">
          <StepIndicator current={3} total={steps.length} />
          <CheckResult channel={outcome.channel} check={outcome.check}>
            {outcome.check.ok ? null : <p className="mt-2 text-[13px] text-red-800">{t('connect.failed.saved')}</p>}
          </CheckResult>
          <WebhookSetup webhookUrl={outcome.channel.webhookUrl} verifyToken={outcome.verifyToken} />
        </div>
      </Dialog>
    );
  }

  const fixing = outcome && !outcome.check.ok ? problemKey(outcome.check.health, outcome.channel.lastError?.code, outcome.channel.lastError?.reason) : null;
  const banner = connect.error && Object.keys(problems).length === 0 ? errorMessage(t, connect.error) : null;
  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      step={step}
      title={t('connect.title')}
      // Keys keep React from reusing the previous step's button as the submit button: a click on
      // "Continue" would otherwise land on a button that has just become type="submit".
      footer={
        <>
          <Button key="back" onClick={() => setStep(outcome ? 'result' : 'intro')}>
            {t('common.back')}
          </Button>
          <Button key="submit" type="submit" form={formId} variant="primary" loading={connect.isPending}>
            {t('connect.submit')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="flex flex-col gap-4 pb-2">
        {title('connect.form.title', t('connect.form.body'))}
        {banner ? <Alert>{banner}</Alert> : fixing ? <Alert>{t(fixing)}</Alert> : null}
        <TextField
          label={t('connect.name')}
          hint={t('connect.nameHint')}
          placeholder={t('connect.namePlaceholder')}
          autoComplete="off"
          maxLength={100}
          value={draft.name}
          onChange={(event) => update({ name: event.target.value })}
          error={problems.name}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t('connect.phoneNumberId')}
            hint={t('connect.phoneNumberIdHint')}
            inputMode="numeric"
            autoComplete="off"
            className="font-mono text-[13px]"
            maxLength={30}
            value={draft.phoneNumberId}
            onChange={(event) => update({ phoneNumberId: event.target.value })}
            error={problems.phoneNumberId}
          />
          <TextField
            label={t('connect.wabaId')}
            hint={t('connect.wabaIdHint')}
            inputMode="numeric"
            autoComplete="off"
            className="font-mono text-[13px]"
            maxLength={30}
            value={draft.wabaId}
            onChange={(event) => update({ wabaId: event.target.value })}
            error={problems.wabaId}
          />
        </div>
        <SecretField
          label={t('connect.accessToken')}
          hint={t('connect.accessTokenHint')}
          maxLength={1000}
          value={draft.accessToken}
          onChange={(event) => update({ accessToken: event.target.value })}
          error={problems.accessToken}
        />
        <SecretField
          label={t('connect.appSecret')}
          hint={t('connect.appSecretHint')}
          maxLength={1000}
          value={draft.appSecret}
          onChange={(event) => update({ appSecret: event.target.value })}
          error={problems.appSecret}
        />
        <VerifyTokenField
          label={t('connect.verifyToken')}
          hint={t('connect.verifyTokenHint')}
          value={draft.verifyToken}
          onChange={(verifyToken) => update({ verifyToken })}
          error={problems.verifyToken}
        />
        <AdvancedSettings
          values={draft}
          onChange={update}
          problems={problems}
          open={advancedOpen}
          onToggle={setAdvancedOpen}
        />
      </form>
    </Dialog>
  );
}

function IntroItem({ icon, title, body }: { icon: ReactNode; title: string; body: string }) {
  return (
    <li className="flex gap-3 rounded-xl p-3 ring-1 ring-zinc-200">
      <span
        aria-hidden="true"
        className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-emerald-50 text-emerald-700 ring-1 ring-emerald-100"
      >
        {icon}
      </span>
      <div className="min-w-0">
        <p className="text-sm font-medium text-zinc-900">{title}</p>
        <p className="mt-0.5 text-[13px] text-pretty text-zinc-600">{body}</p>
      </div>
    </li>
  );
}

/** The verify token is ours to choose, so it is shown in clear and one click fills a strong one. */
export function VerifyTokenField({
  label,
  hint,
  value,
  onChange,
  error,
  placeholder,
}: {
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  placeholder?: string;
}) {
  const t = useT();
  return (
    <TextField
      label={label}
      hint={hint}
      autoComplete="off"
      spellCheck={false}
      className="font-mono text-[13px]"
      maxLength={200}
      placeholder={placeholder}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
      action={
        <Button className="h-10" icon={<Sparkles className="size-4" aria-hidden="true" />} onClick={() => onChange(randomVerifyToken())}>
          {t('common.generate')}
        </Button>
      }
    />
  );
}
