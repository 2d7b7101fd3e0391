import { useMutation, useQueryClient } from '@tanstack/react-query';
import { BookOpen, KeyRound, Plus } from 'lucide-react';
import { useState } from 'react';
import { api } from '../../../app/api-client.js';
import type { ApiToken } from '../../../app/api-types.js';
import { useFormat } from '../../../i18n/format.js';
import { errorMessage } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Badge, RoleBadge } from '../../../ui/badge.js';
import { Button, buttonClasses } from '../../../ui/button.js';
import { Card, PageHeader } from '../../../ui/card.js';
import { cx } from '../../../ui/class-names.js';
import { ConfirmDialog } from '../../../ui/confirm-dialog.js';
import { EmptyState } from '../../../ui/empty-state.js';
import { Spinner } from '../../../ui/spinner.js';
import { useToast } from '../../../ui/toast.js';
import { apiTokensKey, useApiTokens } from './api-tokens-api.js';
import { CreateTokenDialog } from './create-token-dialog.js';

/** Integration tokens: the secret is shown once at creation; afterwards only the prefix identifies it. */
export function ApiTokensPage() {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const tokens = useApiTokens();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => api.delete<ApiToken>(`/api-tokens/${token.id}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: apiTokensKey });
      toast(t('tokens.revoked'));
    },
    onError: (error) => toast(errorMessage(t, error), 'error'),
    onSettled: () => setRevoking(null),
  });

  const list = tokens.data?.apiTokens ?? [];
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <PageHeader
        title={t('tokens.title')}
        description={t('tokens.subtitle')}
        actions={
          <>
            <a href="/api/docs" target="_blank" rel="noreferrer" className={buttonClasses('ghost', 'md')}>
              <BookOpen className="size-4" aria-hidden="true" />
              {t('tokens.docs')}
            </a>
            <Button variant="primary" icon={<Plus className="size-4" aria-hidden="true" />} onClick={() => setCreating(true)}>
              {t('tokens.create')}
            </Button>
          </>
        }
      />
      {tokens.error ? <Alert>{errorMessage(t, tokens.error)}</Alert> : null}
      <Card flush>
        {tokens.isPending ? (
          <div className="flex justify-center py-10 text-zinc-400">
            <Spinner className="size-5" />
          </div>
        ) : list.length === 0 ? (
          <EmptyState
            icon={<KeyRound className="size-7" aria-hidden="true" />}
            title={t('tokens.emptyTitle')}
            body={t('tokens.emptyBody')}
          />
        ) : (
          <ul className="divide-y divide-zinc-100">
            {list.map((token) => (
              <TokenRow key={token.id} token={token} onRevoke={() => setRevoking(token)} />
            ))}
          </ul>
        )}
      </Card>
      <CreateTokenDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={revoking !== null}
        title={t('tokens.revokeTitle', { name: revoking?.name ?? '' })}
        body={t('tokens.revokeBody')}
        confirmLabel={t('tokens.revoke')}
        loading={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => setRevoking(null)}
      />
    </div>
  );
}

function TokenRow({ token, onRevoke }: { token: ApiToken; onRevoke: () => void }) {
  const t = useT();
  const format = useFormat();
  const revoked = token.revokedAt !== null;
  return (
    <li className={cx('flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3.5', revoked && 'bg-zinc-50/60')}>
      <div className="min-w-0 flex-1 basis-56">
        <div className="flex flex-wrap items-center gap-2">
          <p className={cx('truncate font-medium', revoked ? 'text-zinc-500 line-through' : 'text-zinc-900')}>{token.name}</p>
          <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-600">{token.prefix}…</code>
          <RoleBadge role={token.role} />
        </div>
        <p className="mt-1 text-[13px] text-zinc-500">
          {[
            t('tokens.created', { date: format.date(token.createdAt) }),
            token.createdBy ? `${t('tokens.createdBy')}: ${token.createdBy}` : null,
            `${t('tokens.lastUsed')}: ${token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t('common.never')}`,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      </div>
      {revoked && token.revokedAt ? (
        <Badge>{t('tokens.revokedOn', { date: format.date(token.revokedAt) })}</Badge>
      ) : (
        <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50 hover:text-red-800" onClick={onRevoke}>
          {t('tokens.revoke')}
        </Button>
      )}
    </li>
  );
}
