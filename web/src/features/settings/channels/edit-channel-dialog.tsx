import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useRevealFirstProblem } from '../../../ui/reveal-first-problem.js';
import { api } from '../../../app/api-client.js';
import type { Channel, ChannelUpdatedResponse } from '../../../app/api-types.js';
import { checkApiVersion, checkHttpUrl, checkRequired, checkSecret, checkVerifyToken, compact } from '../../../app/validation.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { CopyField } from '../../../ui/copy-field.js';
import { Dialog } from '../../../ui/dialog.js';
import { SecretField, TextField } from '../../../ui/field.js';
import { useToast } from '../../../ui/toast.js';
import { AdvancedSettings, type AdvancedValues } from './advanced-settings.js';
import { CheckResult } from './check-result.js';
import { channelsKey } from './channels-api.js';
import { VerifyTokenField } from './connect-dialog.js';
import { WebhookSetup } from './webhook-setup.js';

type Form = AdvancedValues & { name: string; accessToken: string; appSecret: string; verifyToken: string };
type Problems = Partial<Record<keyof Form, string>>;

/**
 * Rename a number, rotate its token or secrets, or change the advanced settings. Stored secrets
 * are never shown (the API never returns them): an empty secret field means "keep the current one".
 */
export function EditChannelDialog({ channel, onClose }: { channel: Channel; onClose: () => void }) {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const formId = useId();
  const [form, setForm] = useState<Form>({
    name: channel.name,
    accessToken: '',
    appSecret: '',
    verifyToken: '',
    apiBaseUrl: channel.apiBaseUrl,
    apiVersion: channel.apiVersion,
    reopenPolicy: channel.reopenPolicy,
  });
  const [problems, setProblems] = useState<Problems>({});
  useRevealFirstProblem(formId, problems);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [nothingChanged, setNothingChanged] = useState(false);
  const update = (changes: Partial<Form>) => {
    setNothingChanged(false);
    setForm((current) => ({ ...current, ...changes }));
  };

  const trimmed = {
    name: form.name.trim(),
    accessToken: form.accessToken.trim(),
    appSecret: form.appSecret.trim(),
    verifyToken: form.verifyToken.trim(),
    apiBaseUrl: form.apiBaseUrl.trim().replace(/\/+$/, ''),
    apiVersion: form.apiVersion.trim(),
  };
  const changes = {
    ...(trimmed.name !== channel.name ? { name: trimmed.name } : {}),
    ...(trimmed.accessToken ? { accessToken: trimmed.accessToken } : {}),
    ...(trimmed.appSecret ? { appSecret: trimmed.appSecret } : {}),
    ...(trimmed.verifyToken ? { verifyToken: trimmed.verifyToken } : {}),
    ...(trimmed.apiBaseUrl !== channel.apiBaseUrl ? { apiBaseUrl: trimmed.apiBaseUrl } : {}),
    ...(trimmed.apiVersion !== channel.apiVersion ? { apiVersion: trimmed.apiVersion } : {}),
    ...(form.reopenPolicy !== channel.reopenPolicy ? { reopenPolicy: form.reopenPolicy } : {}),
  };

  const save = useMutation({
    mutationFn: () => api.patch<ChannelUpdatedResponse>(`/channels/${channel.id}`, changes),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: channelsKey });
      // Nothing more to say: confirm and close. Otherwise the dialog shows the check or the new token.
      if ((!result.check || result.check.ok) && !changes.verifyToken) {
        toast(result.check ? t('channels.checkOk', { name: result.channel.name }) : t('common.saved'));
        onClose();
      }
    },
    onError: (error) => {
      const fields = fieldErrors(t, error) as Problems;
      setProblems(fields);
      if (fields.apiBaseUrl || fields.apiVersion) setAdvancedOpen(true);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = compact({
      name: checkRequired(form.name),
      accessToken: checkSecret(form.accessToken, { optional: true }),
      appSecret: checkSecret(form.appSecret, { optional: true }),
      verifyToken: checkVerifyToken(form.verifyToken, { optional: true }),
      apiBaseUrl: checkHttpUrl(form.apiBaseUrl),
      apiVersion: checkApiVersion(form.apiVersion),
    });
    setProblems(Object.fromEntries(Object.entries(found).map(([field, key]) => [field, t(key)])));
    if (found.apiBaseUrl || found.apiVersion) setAdvancedOpen(true);
    if (Object.keys(found).length > 0) return;
    if (Object.keys(changes).length === 0) setNothingChanged(true);
    else save.mutate();
  };

  if (save.data) {
    const { channel: updated, check } = save.data;
    return (
      <Dialog
        open
        onClose={onClose}
        size="lg"
        step="result"
        title={t('channelEdit.resultTitle')}
        footer={
          <Button key="done" variant="primary" onClick={onClose}>
            {t('common.done')}
          </Button>
        }
      >
        <div className="flex flex-col gap-4 pb-2">
          {check ? <CheckResult channel={updated} check={check} /> : null}
          {changes.verifyToken ? <WebhookSetup webhookUrl={updated.webhookUrl} verifyToken={changes.verifyToken} /> : null}
        </div>
      </Dialog>
    );
  }

  const banner = save.error && Object.keys(problems).length === 0 ? errorMessage(t, save.error) : null;
  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      step="form"
      title={t('channelEdit.title', { name: channel.name })}
      description={t('channelEdit.subtitle')}
      footer={
        <>
          <Button key="cancel" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button key="save" type="submit" form={formId} variant="primary" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="flex flex-col gap-4 pb-2">
        {banner ? <Alert>{banner}</Alert> : null}
        {nothingChanged ? <Alert tone="info">{t('channelEdit.noChanges')}</Alert> : null}
        <TextField
          label={t('connect.name')}
          hint={t('connect.nameHint')}
          autoComplete="off"
          maxLength={100}
          value={form.name}
          onChange={(event) => update({ name: event.target.value })}
          error={problems.name}
        />
        <SecretField
          label={t('channelEdit.accessToken')}
          hint={t('channelEdit.secretHint')}
          placeholder={t('channelEdit.unchanged')}
          maxLength={1000}
          value={form.accessToken}
          onChange={(event) => update({ accessToken: event.target.value })}
          error={problems.accessToken}
        />
        <SecretField
          label={t('channelEdit.appSecret')}
          hint={t('channelEdit.secretHint')}
          placeholder={t('channelEdit.unchanged')}
          maxLength={1000}
          value={form.appSecret}
          onChange={(event) => update({ appSecret: event.target.value })}
          error={problems.appSecret}
        />
        <VerifyTokenField
          label={t('channelEdit.verifyToken')}
          hint={t('channelEdit.verifyTokenHint')}
          placeholder={t('channelEdit.unchanged')}
          value={form.verifyToken}
          onChange={(verifyToken) => update({ verifyToken })}
          error={problems.verifyToken}
        />
        <CopyField label={t('connect.webhook.callbackUrl')} value={channel.webhookUrl} />
        <AdvancedSettings values={form} onChange={update} problems={problems} open={advancedOpen} onToggle={setAdvancedOpen} />
      </form>
    </Dialog>
  );
}
