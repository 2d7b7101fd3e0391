import { Tag as TagIcon } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import type { TagItem } from '../../../app/api-types.js';
import { canManageWorkspace, useSession } from '../../../app/session.js';
import { errorMessage, fieldErrors } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Button } from '../../../ui/button.js';
import { cx, focusRing } from '../../../ui/class-names.js';
import { Dialog } from '../../../ui/dialog.js';
import { TextField } from '../../../ui/field.js';
import { TagChip } from '../../inbox/conversation-badges.js';
import { CollectionPage, type ItemDialogProps } from '../collection-page.js';
import { tagColour, tagPalette, tagsKey, useTags } from './tags-api.js';

type TagInput = { name: string; color: string };

/** Tags for classifying conversations; everyone sees them, owners and admins change them. */
export function TagsPage() {
  const t = useT();
  const tags = useTags();
  return (
    <CollectionPage<TagItem, TagInput>
      texts={{
        title: t('tags.title'), subtitle: t('tags.subtitle'), create: t('tags.create'), readOnly: t('tags.readOnly'),
        emptyTitle: t('tags.emptyTitle'), emptyBody: t('tags.emptyBody'), deleteBody: t('tags.deleteBody'), deleted: t('tags.deleted'),
      }}
      icon={<TagIcon className="size-7" aria-hidden="true" />}
      editable={canManageWorkspace(useSession())}
      query={tags}
      items={tags.data?.tags ?? []}
      path="/tags"
      queryKey={tagsKey}
      renderItem={(tag) => (
        <div className="min-w-0 flex-1">
          <TagChip tag={tag} />
        </div>
      )}
      actionsLabel={(tag) => t('tags.actions', { name: tag.name })}
      deleteTitle={(tag) => t('tags.deleteTitle', { name: tag.name })}
      ItemDialog={TagDialog}
    />
  );
}

function TagDialog({ item: tag, saving, error, onClose, onSave }: ItemDialogProps<TagItem, TagInput>) {
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
