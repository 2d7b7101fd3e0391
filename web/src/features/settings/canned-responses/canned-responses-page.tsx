import { MessageSquareQuote } from 'lucide-react';
import { type FormEvent, useId, useState } from 'react';
import type { CannedResponseItem } from '../../../app/api-types.js';
import { useSession } from '../../../app/session.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { cx } from '../../../ui/class-names.js';
import { Dialog } from '../../../ui/dialog.js';
import { TextField } from '../../../ui/field.js';
import { CollectionPage, type ItemDialogProps } from '../collection-page.js';
import { cannedResponsesKey, useCannedResponses } from './canned-responses-api.js';

type CannedInput = { shortcut: string; title: string; body: string };

// Mirrors contracts/inbox.ts CannedResponseInput.
const shortcutPattern = /^[\p{L}\p{N}_-]{1,30}$/u;

/** Canned responses: supervisors and up write them; everyone inserts them with "/" in the composer. */
export function CannedResponsesPage() {
  const t = useT();
  const canned = useCannedResponses();
  return (
    <CollectionPage<CannedResponseItem, CannedInput>
      texts={{
        title: t('canned.title'), subtitle: t('canned.subtitle'), create: t('canned.create'), readOnly: t('canned.readOnly'),
        emptyTitle: t('canned.emptyTitle'), emptyBody: t('canned.emptyBody'), deleteBody: t('canned.deleteBody'), deleted: t('canned.deleted'),
      }}
      icon={<MessageSquareQuote className="size-7" aria-hidden="true" />}
      editable={useSession().role !== 'agent'}
      query={canned}
      items={canned.data?.cannedResponses ?? []}
      path="/canned-responses"
      queryKey={cannedResponsesKey}
      rowClassName="flex-wrap items-start"
      renderItem={(item) => (
        <div className="min-w-0 flex-1 basis-60">
          <p className="flex items-baseline gap-2">
            <code className="rounded bg-emerald-50 px-1.5 py-0.5 font-mono text-xs text-emerald-800">/{item.shortcut}</code>
            <span className="truncate font-medium text-zinc-900">{item.title}</span>
          </p>
          <p className="mt-1 line-clamp-2 text-[13px] break-words whitespace-pre-wrap text-zinc-500">{item.body}</p>
        </div>
      )}
      actionsLabel={(item) => t('canned.actions', { shortcut: item.shortcut })}
      deleteTitle={(item) => t('canned.deleteTitle', { shortcut: item.shortcut })}
      ItemDialog={CannedDialog}
    />
  );
}

function CannedDialog({ item, saving, error, onClose, onSave }: ItemDialogProps<CannedResponseItem, CannedInput>) {
  const t = useT();
  const bodyId = useId();
  const [shortcut, setShortcut] = useState(item?.shortcut ?? '');
  const [title, setTitle] = useState(item?.title ?? '');
  const [body, setBody] = useState(item?.body ?? '');
  const [problems, setProblems] = useState<Partial<Record<keyof CannedInput, string>>>({});
  const serverFields = fieldErrors(t, error);
  const shortcutTaken = error && 'shortcut' in serverFields ? t('canned.shortcutTaken') : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cleanShortcut = shortcut.trim().replace(/^\//, '');
    const next = {
      shortcut: shortcutPattern.test(cleanShortcut) ? undefined : cleanShortcut ? t('canned.shortcutInvalid') : t('validation.required'),
      title: title.trim() ? undefined : t('validation.required'),
      body: body.trim() ? undefined : t('validation.required'),
    };
    setProblems(next);
    if (next.shortcut || next.title || next.body) return;
    onSave({ shortcut: cleanShortcut, title: title.trim(), body: body.trim() });
  };

  return (
    <Dialog open onClose={onClose} title={item ? t('canned.editTitle') : t('canned.create')} size="lg">
      <form onSubmit={submit} className="flex flex-col gap-4 pb-4" noValidate>
        {error && Object.keys(serverFields).length === 0 ? <Alert>{errorMessage(t, error)}</Alert> : null}
        <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
          <TextField
            label={t('canned.shortcut')}
            hint={t('canned.shortcutHint')}
            value={shortcut}
            maxLength={31}
            onChange={(event) => setShortcut(event.target.value)}
            error={problems.shortcut ?? shortcutTaken}
            autoFocus
          />
          <TextField label={t('canned.titleField')} value={title} maxLength={80} onChange={(event) => setTitle(event.target.value)} error={problems.title ?? serverFields.title} />
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor={bodyId} className="text-[13px] font-medium text-zinc-800">
            {t('canned.body')}
          </label>
          <textarea
            id={bodyId}
            value={body}
            maxLength={4096}
            rows={5}
            onChange={(event) => setBody(event.target.value)}
            aria-invalid={problems.body ? true : undefined}
            className={cx(
              'block w-full rounded-lg bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-emerald-600 focus:outline-none',
              problems.body && 'ring-red-500',
            )}
          />
          {problems.body ? (
            <p className="text-[13px] text-red-600" role="alert">
              {problems.body}
            </p>
          ) : (
            <p className="text-[13px] break-words text-zinc-500">{t('canned.bodyHint')}</p>
          )}
        </div>
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" loading={saving}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
