import { Send } from 'lucide-react';
import { type FormEvent, useMemo, useState } from 'react';
import type { Conversation, MessageTemplate } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { type Translate, useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { SelectField, TextField } from '../../ui/field.js';
import { useTemplates } from '../settings/channels/channels-api.js';
import { useMemberDirectory } from './members.js';
import { SendError, StaleWarning, useReplySender } from './reply-sender.js';
import { TemplateCard } from './template-card.js';
import {
  fieldProblem,
  fillText,
  type TemplateField,
  type TemplateParts,
  type TemplateValues,
  templateComponents,
  templateFields,
  templateParts,
} from './template-parameters.js';

const templateValue = (template: MessageTemplate) => `${template.name}|${template.language}`;

/** Outside the 24-hour window: pick an approved template, fill its header, body and button values, see the result, send. */
export function TemplateComposer({ conversation, refused, lastSeenMessageId }: { conversation: Conversation; refused: unknown; lastSeenMessageId: string | undefined }) {
  const t = useT();
  const { byId } = useMemberDirectory();
  const templates = useTemplates(conversation.channelId);
  const approved = (templates.data?.templates ?? []).filter((template) => template.status === 'APPROVED');
  const [chosen, setChosen] = useState('');
  const [values, setValues] = useState<TemplateValues>({});
  const [checked, setChecked] = useState(false);
  const sender = useReplySender(conversation.id, lastSeenMessageId);
  const template = approved.find((item) => templateValue(item) === chosen);
  const parts = useMemo(() => (template ? templateParts(template.components) : null), [template]);
  const fields = parts ? templateFields(parts) : [];
  const blocked = fields.some((field) => fieldProblem(field, values));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!template || !parts || sender.pending) return;
    setChecked(true);
    const firstProblem = fields.find((field) => fieldProblem(field, values));
    if (firstProblem) {
      const input = document.getElementById(fieldId(firstProblem));
      input?.focus({ preventScroll: true });
      // Centred, so its label stays in view inside the scrolling composer.
      input?.scrollIntoView({ block: 'center' });
      return;
    }
    const components = templateComponents(parts, values);
    sender.submit(
      { type: 'template', template: { name: template.name, language: template.language, ...(components.length ? { components } : {}) } },
      () => {
        setChosen('');
        setValues({});
        setChecked(false);
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
            setChecked(false);
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
      {template && parts ? (
        <>
          {fields.length > 0 ? (
            <div className="grid gap-3 sm:grid-cols-2">
              {fields.map((field) => {
                const problem = checked ? fieldProblem(field, values) : null;
                const link = field.kind === 'headerMedia';
                return (
                  <div key={field.key} className={link ? 'sm:col-span-2' : undefined}>
                    <TextField
                      id={fieldId(field)}
                      label={fieldLabel(t, field)}
                      hint={fieldHint(t, field)}
                      inputMode={link ? 'url' : undefined}
                      autoComplete="off"
                      placeholder={link ? 'https://' : undefined}
                      value={values[field.key] ?? ''}
                      onChange={(event) => setValues((current) => ({ ...current, [field.key]: event.target.value }))}
                      error={problem === 'required' ? t('validation.required') : problem === 'url' ? t('validation.url') : undefined}
                    />
                  </div>
                );
              })}
            </div>
          ) : null}
          <figure className="rounded-lg bg-emerald-50 px-3 py-2 ring-1 ring-emerald-100 ring-inset">
            <figcaption className="mb-1 text-xs font-medium text-emerald-800">{t('inbox.template.preview')}</figcaption>
            <div data-testid="template-preview">
              <TemplatePreview parts={parts} values={values} />
            </div>
          </figure>
          {checked && blocked ? <Alert>{t(fields.some((field) => fieldProblem(field, values) === 'required') ? 'inbox.template.missing' : 'inbox.template.badLink')}</Alert> : null}
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

const fieldId = (field: TemplateField) => `template-${field.key.replace('.', '-')}`;

function fieldLabel(t: Translate, field: TemplateField): string {
  switch (field.kind) {
    case 'header':
      return t('inbox.template.headerParameter', { placeholder: `{{${field.placeholder}}}` });
    case 'headerMedia':
      return t(field.format === 'image' ? 'inbox.template.headerImage' : field.format === 'video' ? 'inbox.template.headerVideo' : 'inbox.template.headerDocument');
    case 'body':
      return t('inbox.template.parameter', { placeholder: `{{${field.placeholder}}}` });
    case 'button':
      return t('inbox.template.buttonSuffix', { button: field.button.text });
  }
}

function fieldHint(t: Translate, field: TemplateField): string | undefined {
  if (field.kind === 'headerMedia') return t('inbox.template.mediaHint');
  if (field.kind === 'button') return t('inbox.template.buttonHint', { url: (field.button.url ?? '').replace(/\{\{\s*\d+\s*\}\}/g, '…') });
  return undefined;
}

/** The template as the customer will read it, with what is filled so far ({{n}} stays visible until then). */
function TemplatePreview({ parts, values }: { parts: TemplateParts; values: TemplateValues }) {
  const header = parts.header?.kind === 'text'
    ? { type: 'text' as const, text: fillText(parts.header.text, (n) => values[`header.${n}`]) }
    : parts.header?.kind === 'media'
      ? { type: parts.header.format, link: values.headerMedia?.trim() || null }
      : null;
  const buttons = parts.buttons.map((button) => ({
    type: button.type.toLowerCase(),
    text: button.text,
    ...(button.url ? { url: fillText(button.url, () => values[`button.${button.index}`]) } : {}),
  }));
  return <TemplateCard header={header} body={fillText(parts.body, (n) => values[`body.${n}`])} footer={parts.footer} buttons={buttons} />;
}
