import { Bookmark, ListFilter } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import type { Conversation, InboxFilters } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useT } from '../../i18n/i18n.js';
import { Alert } from '../../ui/alert.js';
import { Button } from '../../ui/button.js';
import { cx } from '../../ui/class-names.js';
import { Dialog } from '../../ui/dialog.js';
import { Select, TextField } from '../../ui/field.js';
import { SearchBox } from '../../ui/search-box.js';
import { Spinner } from '../../ui/spinner.js';
import { useToast } from '../../ui/toast.js';
import { BulkBar } from './bulk-bar.js';
import { ConversationRow } from './conversation-row.js';
import { FilterBar } from './filter-bar.js';
import { activeFilterCount, type Sort, sorts } from './inbox-filters.js';
import { useMemberDirectory } from './members.js';
import { useSaveView } from './saved-views-api.js';

type Props = {
  title: string;
  filters: InboxFilters;
  onFilters: (filters: InboxFilters) => void;
  conversations: Conversation[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  hrefFor: (conversationId: string) => string;
  selectedId: string | undefined;
};

/** The list column: view title, search, filters and sort on top; rows with checkboxes for bulk actions. */
export function ConversationList({ title, filters, onFilters, conversations, loading, error, hasMore, loadingMore, onLoadMore, hrefFor, selectedId }: Props) {
  const t = useT();
  const { byId } = useMemberDirectory();
  const [showFilters, setShowFilters] = useState(false);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [saving, setSaving] = useState(false);
  const filterCount = activeFilterCount(filters);
  const visibleChecked = conversations.filter((conversation) => checked.has(conversation.id)).map((conversation) => conversation.id);
  const allChecked = conversations.length > 0 && visibleChecked.length === conversations.length;

  const check = (conversationId: string, value: boolean) =>
    setChecked((current) => {
      const next = new Set(current);
      if (value) next.add(conversationId);
      else next.delete(conversationId);
      return next;
    });

  return (
    <>
      <div className="flex flex-col gap-2 border-b border-zinc-200 px-4 pt-4 pb-3">
        <div className="flex items-center justify-between gap-2">
          <h1 className="truncate text-lg font-semibold tracking-tight text-zinc-900">
            <span className="sr-only">{t('nav.inbox')}: </span>
            {title}
          </h1>
          <div className="flex items-center gap-1">
            <Button
              size="sm"
              variant="ghost"
              aria-label={t('views.save')}
              title={t('views.save')}
              onClick={() => setSaving(true)}
              icon={<Bookmark className="size-4" aria-hidden="true" />}
            />
            <Button
              size="sm"
              variant={showFilters || filterCount ? 'secondary' : 'ghost'}
              aria-expanded={showFilters}
              onClick={() => setShowFilters((value) => !value)}
              icon={<ListFilter className="size-4" aria-hidden="true" />}
            >
              {filterCount ? t('filters.buttonCount', { count: filterCount }) : t('filters.button')}
            </Button>
          </div>
        </div>
        <SearchBox value={filters.q ?? ''} onSearch={(q) => onFilters({ ...filters, q: q || undefined })} label={t('inbox.search')} placeholder={t('inbox.searchPlaceholder')} size="sm" className="min-w-0 flex-1" />
      </div>
      {showFilters ? <FilterBar filters={filters} onChange={onFilters} /> : null}
      {visibleChecked.length > 0 ? <BulkBar selected={visibleChecked} onDone={() => setChecked(new Set())} /> : null}
      {error ? (
        <div className="p-3">
          <Alert>{errorMessage(t, error)}</Alert>
        </div>
      ) : null}
      <div className="min-h-0 flex-1 overflow-y-auto">
        {loading ? (
          <div className="flex justify-center py-10 text-zinc-400">
            <Spinner className="size-5" />
          </div>
        ) : conversations.length === 0 ? (
          <p className="px-6 py-12 text-center text-sm text-zinc-500">{filters.q || filterCount ? t('inbox.noMatches') : t('inbox.viewEmpty')}</p>
        ) : (
          <>
            <div className="flex items-center gap-2 px-2 py-1.5 text-xs text-zinc-500">
              <input
                type="checkbox"
                checked={allChecked}
                onChange={(event) => setChecked(event.target.checked ? new Set(conversations.map((conversation) => conversation.id)) : new Set())}
                aria-label={t('inbox.selectAll')}
                className="size-4 cursor-pointer rounded accent-emerald-600"
              />
              <span className="min-w-0 flex-1 truncate">{t('inbox.shown', { count: conversations.length })}</span>
              {/* Beside the count rather than the search, so the search box is the column's full width. */}
              <div className="w-36 shrink-0">
                <Select
                  compact
                  aria-label={t('sort.label')}
                  value={filters.sort ?? 'waiting'}
                  onChange={(event) => onFilters({ ...filters, sort: event.target.value === 'waiting' ? undefined : (event.target.value as Sort) })}
                >
                  {sorts.map((sort) => (
                    <option key={sort} value={sort}>
                      {t(`sort.${sort}`)}
                    </option>
                  ))}
                </Select>
              </div>
            </div>
            <ul className="divide-y divide-zinc-100 border-t border-zinc-100">
              {conversations.map((conversation) => (
                <li key={conversation.id}>
                  <ConversationRow
                    conversation={conversation}
                    href={hrefFor(conversation.id)}
                    selected={conversation.id === selectedId}
                    checked={checked.has(conversation.id)}
                    onCheck={(value) => check(conversation.id, value)}
                    assignee={conversation.assigneeMemberId ? byId.get(conversation.assigneeMemberId) : undefined}
                  />
                </li>
              ))}
            </ul>
            {hasMore ? (
              <div className={cx('flex justify-center p-3')}>
                <Button size="sm" loading={loadingMore} onClick={onLoadMore}>
                  {t('inbox.loadMore')}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </div>
      <SaveViewDialog open={saving} filters={filters} onClose={() => setSaving(false)} />
    </>
  );
}


function SaveViewDialog({ open, filters, onClose }: { open: boolean; filters: InboxFilters; onClose: () => void }) {
  const t = useT();
  const toast = useToast();
  const save = useSaveView();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setProblem(t('validation.required'));
    save.mutate(
      { name: name.trim(), filters },
      {
        onSuccess: () => {
          toast(t('views.saved', { name: name.trim() }));
          setName('');
          onClose();
        },
      },
    );
  };
  return (
    <Dialog open={open} onClose={onClose} title={t('views.save')} description={t('views.saveHint')} size="sm">
      <form onSubmit={submit} className="flex flex-col gap-4 pb-4" noValidate>
        {save.error ? <Alert>{errorMessage(t, save.error)}</Alert> : null}
        <TextField label={t('views.name')} value={name} maxLength={60} onChange={(event) => setName(event.target.value)} error={problem} autoFocus />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" loading={save.isPending}>
            {t('views.saveSubmit')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
