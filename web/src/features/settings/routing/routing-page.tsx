import { ArrowDown, ArrowUp, Pencil, Plus, Route, Sparkles, Trash2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { RoutingRule } from '../../../app/api-types.js';
import { canManageWorkspace, useSession } from '../../../app/session.js';
import { errorMessage } from '../../../i18n/error-messages.js';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { Badge } from '../../../ui/badge.js';
import { Button, IconButton } from '../../../ui/button.js';
import { Card, PageHeader } from '../../../ui/card.js';
import { cx } from '../../../ui/class-names.js';
import { ConfirmDialog } from '../../../ui/confirm-dialog.js';
import { EmptyState } from '../../../ui/empty-state.js';
import { Spinner } from '../../../ui/spinner.js';
import { Toggle } from '../../../ui/switch.js';
import { useToast } from '../../../ui/toast.js';
import { useMarkRulesReviewed } from '../../setup/setup-checklist-api.js';
import { RuleEditorDialog } from './rule-editor-dialog.js';
import { useRuleSummary } from './rule-summary.js';
import { RuleTestPanel } from './rule-test-panel.js';
import { useRuleMutations, useRules } from './routing-api.js';

/**
 * Enrutamiento: the ordered rules that classify new conversations (team, priority, tags, intent,
 * strategy, escalation) and a what-if test over past conversations. Supervisors see, admins change.
 */
export function RoutingPage() {
  const t = useT();
  const toast = useToast();
  const manager = canManageWorkspace(useSession());
  const query = useRules();
  const { toggle, remove, reorder, addDefaults } = useRuleMutations();
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<RoutingRule | null>(null);
  const [confirmingDefaults, setConfirmingDefaults] = useState(false);
  const rules = query.data?.rules ?? [];
  // An admin who opened the rules has reviewed them (the inbox's getting-started checklist).
  const markRulesReviewed = useMarkRulesReviewed();
  useEffect(() => {
    if (manager) void markRulesReviewed();
  }, [manager, markRulesReviewed]);
  const addSuggested = () =>
    addDefaults.mutate(undefined, {
      onSuccess: () => toast(t('routing.defaultsAdded')),
      onError: (error) => toast(errorMessage(t, error), 'error'),
      onSettled: () => setConfirmingDefaults(false),
    });

  const move = (index: number, by: -1 | 1) => {
    const ids = rules.map((rule) => rule.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved!);
    reorder.mutate(ids, { onError: (error) => toast(errorMessage(t, error), 'error') });
  };

  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <PageHeader
        title={t('routing.title')}
        description={t('routing.subtitle')}
        actions={
          manager ? (
            <>
              <Button
                icon={<Sparkles className="size-4" aria-hidden="true" />}
                loading={addDefaults.isPending}
                // Adding them again duplicates them, so ask when there are rules already.
                onClick={() => (rules.length ? setConfirmingDefaults(true) : addSuggested())}
              >
                {t('routing.addDefaults')}
              </Button>
              <Button variant="primary" icon={<Plus className="size-4" aria-hidden="true" />} onClick={() => setEditing('new')}>
                {t('routing.newRule')}
              </Button>
            </>
          ) : null
        }
      />
      {manager ? null : <Alert tone="info">{t('routing.readOnly')}</Alert>}
      {query.error ? <Alert>{errorMessage(t, query.error)}</Alert> : null}
      <Card title={t('routing.rulesTitle')} description={t('routing.rulesHint')} flush>
        {query.isPending ? (
          <div className="flex justify-center py-10 text-zinc-400">
            <Spinner className="size-5" />
          </div>
        ) : rules.length === 0 ? (
          <EmptyState icon={<Route className="size-7" aria-hidden="true" />} title={t('routing.emptyTitle')} body={t('routing.emptyBody')} />
        ) : (
          <ol className="divide-y divide-zinc-100" aria-label={t('routing.rulesTitle')}>
            {rules.map((rule, index) => (
              <RuleRow
                key={rule.id}
                rule={rule}
                index={index}
                last={index === rules.length - 1}
                manager={manager}
                busy={reorder.isPending || (toggle.isPending && toggle.variables?.id === rule.id)}
                onToggle={() => toggle.mutate(rule, { onError: (error) => toast(errorMessage(t, error), 'error') })}
                onMove={(by) => move(index, by)}
                onEdit={() => setEditing(rule)}
                onDelete={() => setDeleting(rule)}
              />
            ))}
          </ol>
        )}
      </Card>
      {manager ? <RuleTestPanel rules={rules} /> : null}
      {editing ? <RuleEditorDialog rule={editing === 'new' ? null : editing} rules={rules} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        open={confirmingDefaults}
        title={t('routing.defaultsTitle')}
        body={t('routing.defaultsBody')}
        confirmLabel={t('routing.addDefaults')}
        tone="primary"
        loading={addDefaults.isPending}
        onConfirm={addSuggested}
        onClose={() => setConfirmingDefaults(false)}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={t('routing.deleteTitle', { name: deleting?.name ?? '' })}
        body={t('routing.deleteBody')}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => toast(t('routing.deleted')),
            onError: (error) => toast(errorMessage(t, error), 'error'),
            onSettled: () => setDeleting(null),
          })
        }
        onClose={() => setDeleting(null)}
      />
    </div>
  );
}

type RuleRowProps = {
  rule: RoutingRule;
  index: number;
  last: boolean;
  manager: boolean;
  busy: boolean;
  onToggle: () => void;
  onMove: (by: -1 | 1) => void;
  onEdit: () => void;
  onDelete: () => void;
};

function RuleRow({ rule, index, last, manager, busy, onToggle, onMove, onEdit, onDelete }: RuleRowProps) {
  const t = useT();
  const summary = useRuleSummary();
  const arrow = 'rounded-md p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 disabled:opacity-30 disabled:hover:bg-transparent';
  return (
    <li className={cx('flex flex-wrap items-start gap-x-3 gap-y-2 px-5 py-3.5', !rule.enabled && 'bg-zinc-50/60')} data-testid="routing-rule">
      <span className="mt-0.5 w-6 shrink-0 text-right text-sm font-medium text-zinc-400 tabular-nums">{index + 1}</span>
      <div className="min-w-0 flex-1 basis-64">
        <div className="flex flex-wrap items-center gap-2">
          <p className={cx('font-medium', rule.enabled ? 'text-zinc-900' : 'text-zinc-500')}>{rule.name}</p>
          {rule.enabled ? null : <Badge>{t('routing.off')}</Badge>}
          {rule.actions.escalate ? <Badge tone="violet">{t('routing.escalates')}</Badge> : null}
          {rule.stop ? <Badge tone="amber">{t('routing.stops')}</Badge> : null}
        </div>
        <p className="mt-0.5 text-[13px] text-pretty text-zinc-600">
          {summary.conditions(rule)} <span className="text-zinc-400">→</span> <span className="text-zinc-800">{summary.actions(rule)}</span>
        </p>
      </div>
      {manager ? (
        <div className="ml-9 flex shrink-0 items-center gap-1 sm:ml-0" role="group" aria-label={t('routing.actions', { name: rule.name })}>
          <Toggle checked={rule.enabled} onChange={onToggle} disabled={busy} label={t('routing.enabled', { name: rule.name })} />
          <span className="ml-1 flex">
            <IconButton label={t('routing.moveUp', { name: rule.name })} disabled={index === 0 || busy} onClick={() => onMove(-1)} className={arrow} icon={<ArrowUp className="size-4" aria-hidden="true" />} />
            <IconButton label={t('routing.moveDown', { name: rule.name })} disabled={last || busy} onClick={() => onMove(1)} className={arrow} icon={<ArrowDown className="size-4" aria-hidden="true" />} />
          </span>
          <Button size="sm" variant="ghost" icon={<Pencil className="size-3.5" aria-hidden="true" />} onClick={onEdit}>
            {t('common.edit')}
          </Button>
          <IconButton label={t('routing.delete', { name: rule.name })} onClick={onDelete} className="rounded-md p-1.5 text-red-600 hover:bg-red-50" icon={<Trash2 className="size-4" aria-hidden="true" />} />
        </div>
      ) : null}
    </li>
  );
}
