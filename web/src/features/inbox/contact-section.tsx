import { Phone, Plus, Star, X } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import type { ContactChange, ContactDetails, Conversation } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useFormat } from '../../i18n/format.js';
import { type Translate, useT } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { Spinner } from '../../ui/spinner.js';
import { useToast } from '../../ui/toast.js';
import { useContact, useUpdateContact } from './inbox-api.js';
import { PanelSection } from './panel-section.js';

const inputClasses =
  'h-8 rounded-lg bg-white px-2.5 text-[13px] text-zinc-900 ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-emerald-600 focus:outline-none disabled:bg-zinc-50';

type FieldValue = ContactDetails['customFields'][string];

function fieldText(t: Translate, value: FieldValue): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('details.yes') : t('details.no');
  return String(value);
}

/** Who the customer is, with what routing rules can match: VIP, labels and custom fields. */
export function ContactSection({ conversation }: { conversation: Conversation }) {
  const t = useT();
  const contact = useContact(conversation.contact.id);
  const update = useUpdateContact(conversation.contact.id);
  const toast = useToast();
  const save = (change: ContactChange) => update.mutate(change, { onError: (error) => toast(errorMessage(t, error), 'error') });
  const vip = contact.data?.vip ?? false;
  return (
    <PanelSection
      title={t('details.contact')}
      action={
        contact.data ? (
          <button
            type="button"
            aria-pressed={vip}
            disabled={update.isPending}
            onClick={() => save({ vip: !vip })}
            title={vip ? t('details.unmarkVip') : t('details.markVip')}
            aria-label={vip ? t('details.unmarkVip') : t('details.markVip')}
            data-testid="vip-toggle"
            className={cx(
              '-my-1 flex items-center gap-1 rounded-md px-1.5 py-1 text-xs font-medium',
              vip ? 'text-amber-700 hover:bg-amber-50' : 'text-zinc-400 hover:bg-zinc-100 hover:text-zinc-600',
              focusRing,
            )}
          >
            <Star className={cx('size-4', vip && 'fill-amber-400 text-amber-500')} aria-hidden="true" />
            {t('details.vip')}
          </button>
        ) : null
      }
    >
      {contact.isPending ? (
        <Spinner className="text-zinc-400" />
      ) : contact.isError ? (
        <p className="text-[13px] text-red-700">{errorMessage(t, contact.error)}</p>
      ) : (
        <ContactDetailsView key={contact.data.id} contact={contact.data} saving={update.isPending} onSave={save} />
      )}
    </PanelSection>
  );
}

function ContactDetailsView({ contact, saving, onSave }: { contact: ContactDetails; saving: boolean; onSave: (change: ContactChange) => void }) {
  const t = useT();
  const format = useFormat();
  return (
    <>
      <dl className="flex flex-col gap-1.5 text-[13px]">
        <div>
          <dt className="sr-only">{t('details.name')}</dt>
          <dd className="font-medium break-words text-zinc-900">{contact.name ?? t('details.noName')}</dd>
        </div>
        {contact.phone ? (
          <div className="flex items-center gap-1.5 text-zinc-700">
            <Phone className="size-3.5 text-zinc-400" aria-hidden="true" />
            <dt className="sr-only">{t('details.phone')}</dt>
            <dd>{contact.phone}</dd>
          </div>
        ) : null}
        {contact.username ? (
          <div className="text-zinc-600">
            <dt className="sr-only">{t('details.username')}</dt>
            <dd>@{contact.username}</dd>
          </div>
        ) : null}
        <div className="text-xs text-zinc-500">
          <dt className="inline">{t('details.since')} </dt>
          <dd className="inline">{format.date(contact.createdAt)}</dd>
        </div>
      </dl>
      <ContactLabels labels={contact.tags} saving={saving} onChange={(tags) => onSave({ tags })} />
      <CustomFields fields={contact.customFields} saving={saving} onChange={(customFields) => onSave({ customFields })} />
    </>
  );
}

function SubHeading({ children }: { children: string }) {
  return <h4 className="mt-3 mb-1.5 text-[11px] font-medium text-zinc-500">{children}</h4>;
}

/** Free-text labels on the contact ("mayorista", "zona norte"): Enter or comma adds one. */
function ContactLabels({ labels, saving, onChange }: { labels: string[]; saving: boolean; onChange: (labels: string[]) => void }) {
  const t = useT();
  const [draft, setDraft] = useState('');
  const add = (event?: FormEvent) => {
    event?.preventDefault();
    const label = draft.trim().replace(/,$/, '').trim().slice(0, 40);
    if (!label) return;
    setDraft('');
    if (labels.some((existing) => existing.toLocaleLowerCase() === label.toLocaleLowerCase())) return;
    onChange([...labels, label]);
  };
  return (
    <div>
      <SubHeading>{t('details.labels')}</SubHeading>
      {labels.length > 0 ? (
        <ul className="mb-1.5 flex flex-wrap gap-1" aria-label={t('details.labels')}>
          {labels.map((label) => (
            <li key={label} className="inline-flex max-w-full items-center gap-0.5 rounded-full bg-sky-50 py-0.5 pr-0.5 pl-2 text-[11px] font-medium text-sky-800 ring-1 ring-sky-200 ring-inset">
              <span className="truncate">{label}</span>
              <button
                type="button"
                disabled={saving}
                onClick={() => onChange(labels.filter((existing) => existing !== label))}
                aria-label={t('details.removeLabel', { name: label })}
                className={cx('rounded-full p-0.5 text-sky-700 hover:bg-sky-100', focusRing)}
              >
                <X className="size-3" aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {labels.length < 50 ? (
        <form onSubmit={add}>
          <input
            value={draft}
            maxLength={40}
            disabled={saving}
            onChange={(event) => (event.target.value.endsWith(',') ? add() : setDraft(event.target.value))}
            aria-label={t('details.addLabel')}
            placeholder={t('details.addLabel')}
            className={cx(inputClasses, 'w-full')}
          />
        </form>
      ) : null}
    </div>
  );
}

/** Key/value facts about the contact (plan, city, customer number); adding an existing key replaces its value. */
function CustomFields({ fields, saving, onChange }: { fields: ContactDetails['customFields']; saving: boolean; onChange: (fields: ContactDetails['customFields']) => void }) {
  const t = useT();
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const entries = Object.entries(fields);
  const add = (event: FormEvent) => {
    event.preventDefault();
    const name = key.trim();
    if (!name) return;
    onChange({ ...fields, [name]: value.trim() });
    setKey('');
    setValue('');
  };
  const remove = (name: string) => {
    onChange(Object.fromEntries(entries.filter(([existing]) => existing !== name)));
  };
  return (
    <div>
      <SubHeading>{t('details.fields')}</SubHeading>
      {entries.length === 0 ? (
        <p className="mb-1.5 text-[13px] text-zinc-500">{t('details.noFields')}</p>
      ) : (
        <dl className="mb-1.5 divide-y divide-zinc-100 text-[13px]">
          {entries.map(([name, fieldValue]) => (
            <div key={name} className="group flex items-start gap-2 py-1">
              <dt className="w-2/5 shrink-0 truncate text-zinc-500" title={name}>
                {name}
              </dt>
              <dd className="min-w-0 flex-1 break-words text-zinc-900">{fieldText(t, fieldValue)}</dd>
              <button
                type="button"
                disabled={saving}
                onClick={() => remove(name)}
                aria-label={t('details.removeField', { name })}
                title={t('details.removeField', { name })}
                className={cx('shrink-0 rounded p-0.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700', focusRing)}
              >
                <X className="size-3.5" aria-hidden="true" />
              </button>
            </div>
          ))}
        </dl>
      )}
      {entries.length < 50 ? (
        <form onSubmit={add} className="flex gap-1.5">
          <input value={key} maxLength={60} disabled={saving} onChange={(event) => setKey(event.target.value)} aria-label={t('details.fieldName')} placeholder={t('details.fieldName')} className={cx(inputClasses, 'w-0 min-w-0 flex-1')} />
          <input value={value} maxLength={500} disabled={saving} onChange={(event) => setValue(event.target.value)} aria-label={t('details.fieldValue')} placeholder={t('details.fieldValue')} className={cx(inputClasses, 'w-0 min-w-0 flex-[1.3]')} />
          <Button type="submit" size="sm" disabled={saving || !key.trim()} aria-label={t('details.addField')} title={t('details.addField')} icon={<Plus className="size-4" aria-hidden="true" />} className="px-2" />
        </form>
      ) : null}
    </div>
  );
}
