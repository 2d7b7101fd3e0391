import { Send } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import type { Conversation, MessageTemplate } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { SelectField, TextField } from '../../ui/field.js';
import { useTemplates } from '../settings/channels/channels-api.js';
import { fillBody, placeholdersOf, templateBody } from './inbox-api.js';
import { useMemberDirectory } from './members.js';
import { SendError, StaleWarning, useReplySender } from './reply-sender.js';

const templateValue = (template: MessageTemplate) => `${template.name}|${template.language}`;

/** Outside the 24-hour window: pick an approved template, fill its {{n}} values, see the result, send. */
export function TemplateComposer({ conversation, refused, lastSeenMessageId }: { conversation: Conversation; refused: unknown; lastSeenMessageId: string | undefined }) {
  const t = useT();
  const { byId } = useMemberDirectory();
  const templates = useTemplates(conversation.channelId);
  const approved = (templates.data?.templates ?? []).filter((template) => template.status === 'APPROVED');
  const [chosen, setChosen] = useState('');
  const [values, setValues] = useState<Record<number, string>>({});
  const [missing, setMissing] = useState(false);
  const sender = useReplySender(conversation.id, lastSeenMessageId);
  const template = approved.find((item) => templateValue(item) === chosen);
  const body = template ? templateBody(template.components) : '';
  const placeholders = placeholdersOf(body);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!template || sender.pending) return;
    if (placeholders.some((n) => !values[n]?.trim())) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const parameters = placeholders.map((n) => ({ type: 'text', text: values[n]?.trim() ?? '' }));
    sender.submit(
      {
        type: 'template',
        template: {
          name: template.name,
          language: template.language,
          ...(parameters.length ? { components: [{ type: 'body', parameters }] } : {}),
        },
      },
      () => {
        setChosen('');
        setValues({});
      },
    );
  };

  return (
    <form onSubmit={submit} className="flex max-h-[50dvh] flex-col gap-3 overflow-y-auto p-3 pt-2">
      {refused ? <Alert>{errorMessage(t, refused)}</Alert> : <p className="text-[13px] text-zinc-500">{t('inbox.composer.windowClosed')}</p>}
      {templates.isError ? <Alert>{errorMessage(t, templates.error)}</Alert> : null}
      {templates.isSuccess && approved.length === 0 ? <Alert tone="info">{t('inbox.template.none')}</Alert> : null}
      {approved.length > 0 ? (
        <SelectField
          label={t('inbox.template.pick')}
          value={chosen}
          onChange={(event) => {
            setChosen(event.target.value);
            setValues({});
            setMissing(false);
          }}
        >
          <option value="">{t('inbox.template.choose')}</option>
          {approved.map((item) => (
            <option key={item.id} value={templateValue(item)}>
              {item.name} ({item.language})
            </option>
          ))}
        </SelectField>
      ) : null}
      {template ? (
        <>
          {placeholders.length > 0 ? (
            <div className="grid gap-3 sm:grid-cols-2">
              {placeholders.map((n) => (
                <TextField
                  key={n}
                  label={t('inbox.template.parameter', { placeholder: `{{${n}}}` })}
                  value={values[n] ?? ''}
                  onChange={(event) => setValues((current) => ({ ...current, [n]: event.target.value }))}
                  error={missing && !values[n]?.trim() ? t('validation.required') : undefined}
                />
              ))}
            </div>
          ) : null}
          <figure className="rounded-lg bg-emerald-50 px-3 py-2 ring-1 ring-emerald-100 ring-inset">
            <figcaption className="text-xs font-medium text-emerald-800">{t('inbox.template.preview')}</figcaption>
            <p data-testid="template-preview" className="mt-1 text-sm break-words whitespace-pre-wrap text-zinc-900">
              {fillBody(body, values)}
            </p>
          </figure>
          {missing ? <Alert>{t('inbox.template.missing')}</Alert> : null}
          {sender.stale ? (
            <StaleWarning messages={sender.stale} members={byId} sending={sender.pending} onSendAnyway={sender.sendAnyway} onDismiss={sender.dismissStale} />
          ) : null}
          <SendError error={sender.error} note={false} />
          <div className="flex justify-end">
            <Button type="submit" variant="primary" loading={sender.pending} icon={<Send className="size-4" aria-hidden="true" />}>
              {t('inbox.composer.send')}
            </Button>
          </div>
        </>
      ) : null}
    </form>
  );
}
