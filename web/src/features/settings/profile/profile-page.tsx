import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../../app/api-client.js';
import type { Language, Session } from '../../../app/api-types.js';
import { useApplySession, useSession } from '../../../app/session.js';
import { checkRequired } from '../../../app/validation.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useI18n } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { Card, PageHeader } from '../../../ui/card.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { useToast } from '../../../ui/toast.js';
import { TimeZoneSelect } from '../time-zone-select.js';
import { ChangePasswordCard } from './change-password-card.js';
import { SessionsCard } from './sessions-card.js';

export function ProfilePage() {
  const { t } = useI18n();
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <PageHeader title={t('profile.title')} description={t('profile.subtitle')} />
      <ProfileDetailsCard />
      <ChangePasswordCard />
      <SessionsCard />
    </div>
  );
}

/** Name, language and time zone; only changed fields are sent so the audit log stays precise. */
function ProfileDetailsCard() {
  const { t, setLanguage } = useI18n();
  const session = useSession();
  const applySession = useApplySession();
  const toast = useToast();
  const { user } = session;
  const [name, setName] = useState(user.name);
  const [language, setLanguageChoice] = useState<Language>(user.language);
  const [timeZone, setTimeZone] = useState(user.timeZone);
  const [nameProblem, setNameProblem] = useState<string>();

  const changes = {
    ...(name.trim() !== user.name ? { name: name.trim() } : {}),
    ...(language !== user.language ? { language } : {}),
    ...(timeZone !== user.timeZone ? { timeZone } : {}),
  };
  const save = useMutation({
    mutationFn: () => api.patch<Session>('/profile', changes),
    onSuccess: (next) => {
      applySession(next);
      setLanguage(next.user.language);
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
        title={t('profile.detailsTitle')}
        footer={
          <Button type="submit" variant="primary" loading={save.isPending} disabled={Object.keys(changes).length === 0}>
            {t('common.save')}
          </Button>
        }
      >
        <div className="grid gap-4 sm:grid-cols-2">
          {save.error && Object.keys(serverFields).length === 0 ? (
            <div className="sm:col-span-2">
              <Alert>{errorMessage(t, save.error)}</Alert>
            </div>
          ) : null}
          <TextField
            label={t('profile.name')}
            autoComplete="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            error={nameProblem ?? serverFields.name}
          />
          <TextField label={t('profile.email')} value={user.email} disabled hint={t('profile.emailHint')} />
          <SelectField
            label={t('profile.language')}
            value={language}
            onChange={(event) => setLanguageChoice(event.target.value as Language)}
          >
            <option value="es">{t('language.es')}</option>
            <option value="en">{t('language.en')}</option>
          </SelectField>
          <TimeZoneSelect
            label={t('profile.timeZone')}
            hint={t('profile.timeZoneHint')}
            value={timeZone}
            onChange={setTimeZone}
            error={serverFields.timeZone}
          />
        </div>
      </Card>
    </form>
  );
}
