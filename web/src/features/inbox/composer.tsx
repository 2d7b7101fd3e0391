import { Send } from 'lucide-react';
import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from 'react';
import { ApiError } from '../../app/api-client.js';
import type { Conversation, MessageTemplate } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { cx } from '../../ui/class-names.js';
import { SelectField, TextField } from '../../ui/field.js';
import { useTemplates } from '../settings/channels/channels-api.js';
import { fillBody, markRead, placeholdersOf, templateBody, useSendMessage } from './inbox-api.js';

/**
 * Free text while the 24-hour window is open; once it closes (or the server says so with
 * `window_closed`), only an approved template can be sent.
 */
export function Composer({ conversation }: { conversation: Conversation }) {
  const [refused, setRefused] = useState<unknown>(null);
  if (conversation.windowOpen && !refused) return <TextComposer conversation={conversation} onWindowClosed={setRefused} />;
  return <TemplateComposer conversation={conversation} refused={refused} />;
}

function TextComposer({ conversation, onWindowClosed }: { conversation: Conversation; onWindowClosed: (error: unknown) => void }) {
  const t = useT();
  const id = useId();
  const [text, setText] = useState('');
  const send = useSendMessage(conversation.id);
  const lastTyping = useRef(0);

  // WhatsApp shows "typing…" for up to 25 s per signal: tell it at most every 20 s while the agent types.
  const onType = (value: string) => {
    setText(value);
    const now = Date.now();
    if (value.trim() && now - lastTyping.current > 20_000) {
      lastTyping.current = now;
      markRead(conversation.id, true).catch(() => {});
    }
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const body = text.trim();
    if (!body || send.isPending) return;
    send.mutate(
      { type: 'text', text: body },
      {
        onSuccess: () => setText(''),
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'window_closed') onWindowClosed(error);
        },
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };

  return (
    <form onSubmit={submit} className="border-t border-zinc-200 bg-white p-3">
      {send.isError ? (
        <div className="mb-2">
          <Alert>{errorMessage(t, send.error)}</Alert>
        </div>
      ) : null}
      <div className="flex items-end gap-2">
        <label htmlFor={id} className="sr-only">
          {t('inbox.composer.label')}
        </label>
        <textarea
          id={id}
          rows={2}
          value={text}
          onChange={(event) => onType(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t('inbox.composer.placeholder')}
          maxLength={4096}
          className={cx(
            'block max-h-40 min-h-10 w-full resize-y rounded-lg bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-400',
            'focus:ring-2 focus:ring-emerald-600 focus:outline-none',
          )}
        />
        <Button type="submit" variant="primary" loading={send.isPending} disabled={!text.trim()} icon={<Send className="size-4" aria-hidden="true" />}>
          {t('inbox.composer.send')}
        </Button>
      </div>
    </form>
  );
}

const templateValue = (template: MessageTemplate) => `${template.name}|${template.language}`;

function TemplateComposer({ conversation, refused }: { conversation: Conversation; refused: unknown }) {
  const t = useT();
  const templates = useTemplates(conversation.channelId);
  const approved = (templates.data?.templates ?? []).filter((template) => template.status === 'APPROVED');
  const [chosen, setChosen] = useState('');
  const [values, setValues] = useState<Record<number, string>>({});
  const [missing, setMissing] = useState(false);
  const send = useSendMessage(conversation.id);
  const template = approved.find((item) => templateValue(item) === chosen);
  const body = template ? templateBody(template.components) : '';
  const placeholders = placeholdersOf(body);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!template || send.isPending) return;
    if (placeholders.some((n) => !values[n]?.trim())) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const parameters = placeholders.map((n) => ({ type: 'text', text: values[n]?.trim() ?? '' }));
    send.mutate(
      {
        type: 'template',
        template: {
          name: template.name,
          language: template.language,
          ...(parameters.length ? { components: [{ type: 'body', parameters }] } : {}),
        },
      },
      {
        onSuccess: () => {
          setChosen('');
          setValues({});
        },
      },
    );
  };

  return (
    <form onSubmit={submit} className="flex max-h-[60%] flex-col gap-3 overflow-y-auto border-t border-zinc-200 bg-white p-3">
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
          {send.isError ? <Alert>{errorMessage(t, send.error)}</Alert> : null}
          <div className="flex justify-end">
            <Button type="submit" variant="primary" loading={send.isPending} icon={<Send className="size-4" aria-hidden="true" />}>
              {t('inbox.composer.send')}
            </Button>
          </div>
        </>
      ) : null}
    </form>
  );
}
