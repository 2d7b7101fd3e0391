import { ListOrdered, X } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { Conversation } from '../../app/api-types.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { useFormat } from '../../i18n/format.js';
import { useT } from '../../i18n/i18n.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { Select } from '../../ui/field.js';
import { Spinner } from '../../ui/spinner.js';
import { useToast } from '../../ui/toast.js';
import { useTags } from '../settings/tags/tags-api.js';
import { useTeams } from '../settings/teams/teams-api.js';
import { StatusBadge, TagChip } from './conversation-badges.js';
import { ContactSection } from './contact-section.js';
import { useContactConversations, useUpdateConversation } from './inbox-api.js';
import { useMemberDirectory } from './members.js';
import { PanelSection } from './panel-section.js';

type Props = { conversation: Conversation; hrefFor: (conversationId: string) => string; onClose: () => void };

/** Beside the conversation: the contact, tags, intent, who has it, and the contact's other conversations. */
export function SidePanel({ conversation, hrefFor, onClose }: Props) {
  const t = useT();
  return (
    <aside aria-label={t('details.title')} className="flex h-full flex-col overflow-y-auto bg-white" data-testid="side-panel">
      <div className="flex items-center justify-between border-b border-zinc-200 px-4 py-3">
        <h2 className="text-sm font-semibold text-zinc-900">{t('details.title')}</h2>
        <button type="button" onClick={onClose} aria-label={t('details.hide')} className={cx('rounded-md p-1 text-zinc-500 hover:bg-zinc-100', focusRing)}>
          <X className="size-4" aria-hidden="true" />
        </button>
      </div>
      <ContactSection conversation={conversation} />
      <TagsSection conversation={conversation} />
      <IntentSection key={`${conversation.id}:${conversation.intent ?? ''}`} conversation={conversation} />
      <AssignmentSection conversation={conversation} />
      <HistorySection conversation={conversation} hrefFor={hrefFor} />
    </aside>
  );
}

function TagsSection({ conversation }: { conversation: Conversation }) {
  const t = useT();
  const toast = useToast();
  const tags = useTags();
  const update = useUpdateConversation(conversation.id);
  const current = new Set(conversation.tags.map((tag) => tag.id));
  const available = (tags.data?.tags ?? []).filter((tag) => !current.has(tag.id));
  const onError = (error: unknown) => toast(errorMessage(t, error), 'error');
  return (
    <PanelSection title={t('details.tags')}>
      <div className="flex flex-wrap gap-1.5">
        {conversation.tags.length === 0 ? <span className="text-[13px] text-zinc-500">{t('details.noTags')}</span> : null}
        {conversation.tags.map((tag) => (
          <TagChip key={tag.id} tag={tag} removeLabel={t('details.removeTag', { name: tag.name })} onRemove={() => update.mutate({ removeTagIds: [tag.id] }, { onError })} />
        ))}
      </div>
      {available.length > 0 ? (
        <div className="mt-2">
          <Select compact aria-label={t('details.addTag')} value="" disabled={update.isPending} onChange={(event) => event.target.value && update.mutate({ addTagIds: [event.target.value] }, { onError })}>
            <option value="">{t('details.addTag')}</option>
            {available.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.name}
              </option>
            ))}
          </Select>
        </div>
      ) : null}
    </PanelSection>
  );
}

function IntentSection({ conversation }: { conversation: Conversation }) {
  const t = useT();
  const toast = useToast();
  const update = useUpdateConversation(conversation.id);
  const [intent, setIntent] = useState(conversation.intent ?? '');
  const save = (event?: FormEvent) => {
    event?.preventDefault();
    const next = intent.trim() || null;
    if (next === conversation.intent) return;
    update.mutate({ intent: next }, { onSuccess: () => toast(t('common.saved')), onError: (error) => toast(errorMessage(t, error), 'error') });
  };
  return (
    <PanelSection title={t('details.intent')}>
      <form onSubmit={save}>
        <input
          value={intent}
          maxLength={60}
          onChange={(event) => setIntent(event.target.value)}
          onBlur={() => save()}
          aria-label={t('details.intent')}
          placeholder={t('details.intentPlaceholder')}
          className="h-8 w-full rounded-lg bg-white px-2.5 text-[13px] text-zinc-900 ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-emerald-600 focus:outline-none"
        />
      </form>
    </PanelSection>
  );
}

function AssignmentSection({ conversation }: { conversation: Conversation }) {
  const t = useT();
  const teams = useTeams();
  const { byId, myId } = useMemberDirectory();
  const assignee = conversation.assigneeMemberId ? byId.get(conversation.assigneeMemberId) : undefined;
  const team = conversation.teamId ? teams.data?.teams.find((item) => item.id === conversation.teamId) : undefined;
  return (
    <PanelSection title={t('details.assignment')}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-[13px]">
        <dt className="text-zinc-500">{t('details.assignee')}</dt>
        <dd className="truncate text-zinc-900">{assignee ? (assignee.id === myId ? t('common.you') : assignee.name) : t('details.nobody')}</dd>
        <dt className="text-zinc-500">{t('details.team')}</dt>
        <dd className="truncate text-zinc-900">{team?.name ?? t('details.noTeam')}</dd>
      </dl>
      {team && !assignee && conversation.status !== 'resolved' ? (
        <p className="mt-2 flex items-center gap-1.5 rounded-lg bg-zinc-50 px-2 py-1.5 text-xs text-zinc-600" data-testid="queue-hint">
          <ListOrdered className="size-3.5 shrink-0 text-zinc-400" aria-hidden="true" />
          {t('inbox.queuedFor', { team: team.name })}
        </p>
      ) : null}
    </PanelSection>
  );
}

function HistorySection({ conversation, hrefFor }: { conversation: Conversation; hrefFor: (conversationId: string) => string }) {
  const t = useT();
  const format = useFormat();
  const history = useContactConversations(conversation.contact.id);
  const others = (history.data?.conversations ?? []).filter((item) => item.id !== conversation.id);
  return (
    <PanelSection title={t('details.history')}>
      {history.isPending ? (
        <Spinner className="text-zinc-400" />
      ) : others.length === 0 ? (
        <p className="text-[13px] text-zinc-500">{t('details.noHistory')}</p>
      ) : (
        <ul className="flex flex-col gap-1">
          {others.map((item) => (
            <li key={item.id}>
              <Link to={hrefFor(item.id)} className={cx('flex flex-col gap-0.5 rounded-lg px-2 py-1.5 hover:bg-zinc-50', focusRing)}>
                <span className="flex items-center justify-between gap-2 text-[13px]">
                  <span className="font-medium text-zinc-900">#{item.displayNumber}</span>
                  <StatusBadge status={item.status} />
                </span>
                <span className="truncate text-xs text-zinc-500">{item.lastMessage?.text ?? format.date(item.createdAt)}</span>
                <time dateTime={item.lastActivityAt} className="text-[11px] text-zinc-400">
                  {format.moment(item.lastActivityAt)}
                </time>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </PanelSection>
  );
}
