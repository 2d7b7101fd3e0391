import { Pencil, Plus, Tag as TagIcon, Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import type { TagItem } from '../../../app/api-types.js';
import { canManageWorkspace, useSession } from '../../../app/session.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { Card, PageHeader } from '../../../ui/card.js';
import { cx, focusRing } from '../../../ui/class-names.js';
import { ConfirmDialog } from '../../../ui/confirm-dialog.js';
import { Dialog } from '../../../ui/dialog.js';
import { EmptyState } from '../../../ui/empty-state.js';
import { TextField } from '../../../ui/field.js';
import { Spinner } from '../../../ui/spinner.js';
import { useToast } from '../../../ui/toast.js';
import { TagChip } from '../../inbox/conversation-badges.js';
import { useCrud } from '../crud-api.js';
import { tagColour, tagPalette, tagsKey, useTags } from './tags-api.js';

type TagInput = { name: string; color: string };

/** Tags for classifying conversations; everyone sees them, owners and admins change them. */
export function TagsPage() {
  const t = useT();
  const toast = useToast();
  const session = useSession();
  const editable = canManageWorkspace(session);
  const tags = useTags();
  const { save, remove } = useCrud<TagInput, TagItem>('/tags', tagsKey);
  const [editing, setEditing] = useState<TagItem | 'new' | null>(null);
  const [deleting, setDeleting] = useState<TagItem | null>(null);
  const list = tags.data?.tags ?? [];

  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <PageHeader
        title={t('tags.title')}
        description={t('tags.subtitle')}
        actions={
          editable ? (
            <Button variant="primary" icon={<Plus className="size-4" aria-hidden="true" />} onClick={() => setEditing('new')}>
              {t('tags.create')}
            </Button>
          ) : null
        }
      />
      {editable ? null : <Alert tone="info">{t('tags.readOnly')}</Alert>}
      {tags.error ? <Alert>{errorMessage(t, tags.error)}</Alert> : null}
      <Card flush>
        {tags.isPending ? (
          <div className="flex justify-center py-10 text-zinc-400">
            <Spinner className="size-5" />
          </div>
        ) : list.length === 0 ? (
          <EmptyState icon={<TagIcon className="size-7" aria-hidden="true" />} title={t('tags.emptyTitle')} body={t('tags.emptyBody')} />
        ) : (
          <ul className="divide-y divide-zinc-100">
            {list.map((tag) => (
              <li key={tag.id} className="flex items-center gap-3 px-5 py-3">
                <div className="min-w-0 flex-1">
                  <TagChip tag={tag} />
                </div>
                {editable ? (
                  <div className="flex gap-1" role="group" aria-label={t('tags.actions', { name: tag.name })}>
                    <Button size="sm" variant="ghost" icon={<Pencil className="size-3.5" aria-hidden="true" />} onClick={() => setEditing(tag)}>
                      {t('common.edit')}
                    </Button>
                    <Button size="sm" variant="dangerGhost" icon={<Trash2 className="size-3.5" aria-hidden="true" />} onClick={() => setDeleting(tag)}>
                      {t('common.delete')}
                    </Button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {editing ? (
        <TagDialog
          tag={editing === 'new' ? null : editing}
          saving={save.isPending}
          error={save.error}
          onClose={() => {
            save.reset();
            setEditing(null);
          }}
          onSave={(input) =>
            save.mutate(
              { id: editing === 'new' ? undefined : editing.id, input },
              {
                onSuccess: () => {
                  toast(t('common.saved'));
                  setEditing(null);
                },
              },
            )
          }
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        title={t('tags.deleteTitle', { name: deleting?.name ?? '' })}
        body={t('tags.deleteBody')}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => toast(t('tags.deleted')),
            onError: (error) => toast(errorMessage(t, error), 'error'),
            onSettled: () => setDeleting(null),
          })
        }
        onClose={() => setDeleting(null)}
      />
    </div>
  );
}

function TagDialog({ tag, saving, error, onClose, onSave }: { tag: TagItem | null; saving: boolean; error: unknown; onClose: () => void; onSave: (input: TagInput) => void }) {
  const t = useT();
  const [name, setName] = useState(tag?.name ?? '');
  const [color, setColor] = useState(tag?.color ?? 'green');
  const [problem, setProblem] = useState<string>();
  const serverFields = fieldErrors(t, error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setProblem(t('validation.required'));
    setProblem(undefined);
    onSave({ name: name.trim(), color });
  };
  return (
    <Dialog open onClose={onClose} title={tag ? t('tags.editTitle') : t('tags.create')} size="sm">
      <form onSubmit={submit} className="flex flex-col gap-4 pb-4" noValidate>
        {error && Object.keys(serverFields).length === 0 ? <Alert>{errorMessage(t, error)}</Alert> : null}
        <TextField label={t('tags.name')} value={name} maxLength={40} onChange={(event) => setName(event.target.value)} error={problem ?? serverFields.name} autoFocus />
        <fieldset>
          <legend className="mb-1.5 text-[13px] font-medium text-zinc-800">{t('tags.color')}</legend>
          <div className="flex flex-wrap gap-2">
            {tagPalette.map((option) => (
              <button
                key={option}
                type="button"
                aria-pressed={color === option}
                aria-label={t('tags.colorName', { name: option })}
                onClick={() => setColor(option)}
                className={cx('flex size-8 items-center justify-center rounded-full ring-1 ring-zinc-200', color === option && 'ring-2 ring-zinc-900', focusRing)}
              >
                <span className={cx('size-5 rounded-full', tagColour(option).dot)} />
              </button>
            ))}
          </div>
        </fieldset>
        <div>
          <TagChip tag={{ id: 'preview', name: name.trim() || t('tags.name'), color }} />
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
