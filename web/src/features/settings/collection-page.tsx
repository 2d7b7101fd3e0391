import type { QueryKey } from '@tanstack/react-query';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { type ComponentType, type ReactNode, useState } from 'react';
import { errorMessage } from '../../i18n/error-messages.js';
import { useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { Card, PageHeader } from '../../ui/card.js';
import { cx } from '../../ui/class-names.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { EmptyState } from '../../ui/empty-state.js';
import { Spinner } from '../../ui/spinner.js';
import { useToast } from '../../ui/toast.js';
import { useCrud } from './crud-api.js';

/** What the page's create/edit dialog receives; `item` is null when creating. */
export type ItemDialogProps<Item, Input> = { item: Item | null; saving: boolean; error: unknown; onClose: () => void; onSave: (input: Input) => void };

type Props<Item extends { id: string }, Input> = {
  /** Translated texts of the page. */
  texts: { title: string; subtitle: string; create: string; readOnly: string; emptyTitle: string; emptyBody: string; deleteBody: string; deleted: string };
  icon: ReactNode;
  editable: boolean;
  query: { isPending: boolean; error: unknown };
  items: Item[];
  /** API path of the collection (`/tags`) and the query key to refresh after a change. */
  path: string;
  queryKey: QueryKey;
  rowClassName?: string;
  renderItem: (item: Item) => ReactNode;
  /** More buttons for a row, shown before Edit and Delete (also to roles that cannot edit). */
  extraActions?: (item: Item) => ReactNode;
  actionsLabel: (item: Item) => string;
  deleteTitle: (item: Item) => string;
  ItemDialog: ComponentType<ItemDialogProps<Item, Input>>;
};

/**
 * A settings page for a simple workspace collection (tags, teams, canned responses): the list, a
 * create/edit dialog and a confirmed delete; read-only for roles that may not change it.
 */
export function CollectionPage<Item extends { id: string }, Input>(props: Props<Item, Input>) {
  const { texts, editable, query, items, ItemDialog } = props;
  const t = useT();
  const toast = useToast();
  const { save, remove } = useCrud<Input, Item>(props.path, props.queryKey);
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Item | null>(null);

  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <PageHeader
        title={texts.title}
        description={texts.subtitle}
        actions={
          editable ? (
            <Button variant="primary" icon={<Plus className="size-4" aria-hidden="true" />} onClick={() => setEditing('new')}>
              {texts.create}
            </Button>
          ) : null
        }
      />
      {editable ? null : <Alert tone="info">{texts.readOnly}</Alert>}
      {query.error ? <Alert>{errorMessage(t, query.error)}</Alert> : null}
      <Card flush>
        {query.isPending ? (
          <div className="flex justify-center py-10 text-zinc-400">
            <Spinner className="size-5" />
          </div>
        ) : items.length === 0 ? (
          <EmptyState icon={props.icon} title={texts.emptyTitle} body={texts.emptyBody} />
        ) : (
          <ul className="divide-y divide-zinc-100">
            {items.map((item) => (
              <li key={item.id} className={cx('flex gap-3 px-5 py-3', props.rowClassName ?? 'items-center')}>
                {props.renderItem(item)}
                {editable || props.extraActions ? (
                  <div className="flex flex-wrap gap-1" role="group" aria-label={props.actionsLabel(item)}>
                    {props.extraActions?.(item)}
                    {editable ? (
                      <>
                        <Button size="sm" variant="ghost" icon={<Pencil className="size-3.5" aria-hidden="true" />} onClick={() => setEditing(item)}>
                          {t('common.edit')}
                        </Button>
                        <Button size="sm" variant="dangerGhost" icon={<Trash2 className="size-3.5" aria-hidden="true" />} onClick={() => setDeleting(item)}>
                          {t('common.delete')}
                        </Button>
                      </>
                    ) : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {editing ? (
        <ItemDialog
          item={editing === 'new' ? null : editing}
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
        title={deleting ? props.deleteTitle(deleting) : ''}
        body={texts.deleteBody}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => toast(texts.deleted),
            onError: (error) => toast(errorMessage(t, error), 'error'),
            onSettled: () => setDeleting(null),
          })
        }
        onClose={() => setDeleting(null)}
      />
    </div>
  );
}
