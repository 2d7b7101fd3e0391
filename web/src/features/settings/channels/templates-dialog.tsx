import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FileText, RefreshCw } from 'lucide-react';
import { useMemo } from 'react';
import { ApiError, api } from '../../../app/api-client.js';
import type { Channel, MessageTemplate, TemplatesSyncResponse } from '../../../app/api-types.js';
import { useFormat } from '../../../i18n/format.js';
import { errorMessage } from '../../../i18n/error-messages.js';
import { isMessageKey, type Translate, useI18n } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Badge, type BadgeTone } from '../../../ui/badge.js';
import { Button } from '../../../ui/button.js';
import { Dialog } from '../../../ui/dialog.js';
import { EmptyState } from '../../../ui/empty-state.js';
import { Spinner } from '../../../ui/spinner.js';
import { useToast } from '../../../ui/toast.js';
import { channelsKey, templatesKey, useTemplates } from './channels-api.js';

const statusTones: Record<string, BadgeTone> = {
  APPROVED: 'green',
  PENDING: 'amber',
  REJECTED: 'red',
  PAUSED: 'amber',
  DISABLED: 'neutral',
};

/** Meta's status and category words in the reader's language; anything new shows as Meta sends it. */
const translated = (t: Translate, prefix: 'templates.status' | 'templates.category', value: string) => {
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? t(key) : value;
};

/** The text people will read: the BODY component's text, placeholders like {{1}} included. */
function bodyText(template: MessageTemplate): string | null {
  for (const component of template.components) {
    if (typeof component !== 'object' || component === null) continue;
    const { type, text } = component as { type?: unknown; text?: unknown };
    if (type === 'BODY' && typeof text === 'string') return text;
  }
  return null;
}

// Graph auth failures that mean "fix the token", passed through in the 503's details.
const tokenCodes = new Set([190, 0, 10, 131005]);

function syncErrorMessage(t: Translate, error: unknown): string {
  if (error instanceof ApiError && error.code === 'unavailable') {
    const code = (error.details as { code?: unknown } | undefined)?.code;
    return typeof code === 'number' && tokenCodes.has(code) ? t('templates.syncToken') : t('templates.syncUnavailable');
  }
  return errorMessage(t, error);
}

/** A number's message templates as last synced, with "Sincronizar" for owners and admins. */
export function TemplatesDialog({ channel, canSync, onClose }: { channel: Channel; canSync: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  const format = useFormat();
  const toast = useToast();
  const queryClient = useQueryClient();
  const templates = useTemplates(channel.id);
  const sync = useMutation({
    mutationFn: () => api.post<TemplatesSyncResponse>(`/channels/${channel.id}/templates/sync`),
    onSuccess: ({ count }) => {
      void queryClient.invalidateQueries({ queryKey: templatesKey(channel.id) });
      toast(t('templates.synced', { count }));
    },
    // A refused token also changes the number's health on its card.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: channelsKey }),
  });
  const languageNames = useMemo(() => {
    try {
      return new Intl.DisplayNames([locale], { type: 'language' });
    } catch {
      return null;
    }
  }, [locale]);
  const languageName = (code: string) => {
    try {
      const name = languageNames?.of(code.replace('_', '-')) ?? code;
      return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
    } catch {
      return code;
    }
  };

  const list = templates.data?.templates ?? [];
  const lastSync = list.reduce<string | null>((latest, template) => (!latest || template.syncedAt > latest ? template.syncedAt : latest), null);

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={t('templates.title', { name: channel.name })}
      description={t('templates.subtitle')}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
    >
      <div className="flex flex-col gap-3 pb-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-[13px] text-zinc-500">
            {lastSync ? t('templates.lastSync', { date: format.dateTime(lastSync) }) : t('templates.neverSynced')}
          </p>
          {canSync ? (
            <Button
              size="sm"
              loading={sync.isPending}
              icon={<RefreshCw className="size-3.5" aria-hidden="true" />}
              onClick={() => sync.mutate()}
            >
              {t('templates.sync')}
            </Button>
          ) : null}
        </div>
        {sync.error ? <Alert>{syncErrorMessage(t, sync.error)}</Alert> : null}
        {templates.isPending ? (
          <div className="flex justify-center py-10 text-zinc-400">
            <Spinner className="size-5" />
          </div>
        ) : templates.error ? (
          <Alert>{errorMessage(t, templates.error)}</Alert>
        ) : list.length === 0 ? (
          <EmptyState
            icon={<FileText className="size-7" aria-hidden="true" />}
            title={t('templates.emptyTitle')}
            body={t(canSync ? 'templates.emptyBody' : 'templates.emptyBodyReadOnly')}
          />
        ) : (
          <ul className="divide-y divide-zinc-100 rounded-xl ring-1 ring-zinc-200" aria-label={t('channels.templates')}>
            {list.map((template) => {
              const body = bodyText(template);
              return (
                <li key={template.id} className="px-4 py-3">
                  <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <p className="min-w-0 font-mono text-[13px] font-medium break-all text-zinc-900">{template.name}</p>
                    <Badge tone={statusTones[template.status] ?? 'neutral'}>
                      {translated(t, 'templates.status', template.status)}
                    </Badge>
                  </div>
                  <p className="mt-0.5 text-xs text-zinc-500">
                    <span title={template.language}>{languageName(template.language)}</span>
                    {' · '}
                    {translated(t, 'templates.category', template.category)}
                  </p>
                  <p
                    className={
                      body
                        ? 'mt-2 rounded-lg rounded-tl-sm bg-emerald-50/70 px-3 py-2 text-[13px] whitespace-pre-line text-zinc-800 ring-1 ring-emerald-100'
                        : 'mt-2 text-[13px] text-zinc-400 italic'
                    }
                  >
                    {body ?? t('templates.noBody')}
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
