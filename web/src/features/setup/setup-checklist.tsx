import { CheckCircle2, Circle, ExternalLink } from 'lucide-react';
import { useEffect, useId } from 'react';
import { Link } from 'react-router';
import type { SetupChecklist, SetupStep } from '../../app/api-types.js';
import { canManageWorkspace, useSession } from '../../app/session.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { type MessageKey, useT } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { useToast } from '../../ui/toast.js';
import { useDismissSetupChecklist, useSetupChecklist } from './setup-checklist-api.js';

/** The checklist while an admin or owner still has something to set up and has not hidden it. */
export function useVisibleSetupChecklist(): SetupChecklist | null {
  const manager = canManageWorkspace(useSession());
  const checklist = useSetupChecklist(manager);
  const data = checklist.data;
  if (!manager || !data || data.dismissed || data.steps.every((step) => step.done)) return null;
  return data;
}

type StepView = { label: MessageKey; hint: MessageKey; to: string; external?: boolean };

function stepView(id: SetupStep, simulatorUrl: string | null): StepView {
  switch (id) {
    case 'connect_number':
      return { label: 'checklist.connectNumber', hint: 'checklist.connectNumberHint', to: '/settings/channels' };
    case 'invite_team':
      return { label: 'checklist.inviteTeam', hint: 'checklist.inviteTeamHint', to: '/settings/members' };
    case 'review_rules':
      return { label: 'checklist.reviewRules', hint: 'checklist.reviewRulesHint', to: '/settings/routing' };
    case 'first_message':
      return simulatorUrl
        ? { label: 'checklist.trySimulator', hint: 'checklist.trySimulatorHint', to: simulatorUrl, external: true }
        : { label: 'checklist.firstMessage', hint: 'checklist.firstMessageHint', to: '/settings/channels' };
  }
}

/**
 * "Primeros pasos" on the inbox's first screen, for admins and owners: connect a number, invite the
 * team, review the rules, and try the simulator (or receive a first message). Each step links to
 * where it is done and is ticked by the server from what really happened; it goes away when every
 * step is done or an admin hides it for the workspace.
 */
export function SetupChecklistCard({ checklist, conversationCount, className }: { checklist: SetupChecklist; conversationCount: number; className?: string }) {
  const t = useT();
  const toast = useToast();
  const titleId = useId();
  const dismiss = useDismissSetupChecklist();
  const refetch = useSetupChecklist(true).refetch;
  const done = checklist.steps.filter((step) => step.done).length;
  const firstMessageDone = checklist.steps.find((step) => step.id === 'first_message')?.done ?? true;

  // The first conversation shows up in the list live; tick its step without waiting for a reload.
  useEffect(() => {
    if (conversationCount > 0 && !firstMessageDone) void refetch();
  }, [conversationCount, firstMessageDone, refetch]);

  return (
    <section aria-labelledby={titleId} className={cx('w-full rounded-xl bg-white shadow-xs ring-1 ring-zinc-200', className)} data-testid="setup-checklist">
      <header className="flex items-center gap-3 px-4 pt-3 pb-2">
        <div className="min-w-0 flex-1">
          <h2 id={titleId} className="text-[15px] font-semibold text-zinc-900">
            {t('checklist.title')}
          </h2>
          <p className="text-xs text-zinc-500">{t('checklist.progress', { done: String(done), total: String(checklist.steps.length) })}</p>
        </div>
        <Button size="sm" variant="ghost" loading={dismiss.isPending} onClick={() => dismiss.mutate(undefined, { onError: (error) => toast(errorMessage(t, error), 'error') })}>
          {t('checklist.dismiss')}
        </Button>
      </header>
      <div className="mx-4 h-1 overflow-hidden rounded-full bg-zinc-100" aria-hidden="true">
        <div className="h-full rounded-full bg-emerald-500" style={{ width: `${(done / checklist.steps.length) * 100}%` }} />
      </div>
      <ol className="flex flex-col p-2">
        {checklist.steps.map((step) => {
          const view = stepView(step.id, checklist.simulatorUrl);
          const Icon = step.done ? CheckCircle2 : Circle;
          const content = (
            <>
              <Icon className={cx('mt-0.5 size-4 shrink-0', step.done ? 'text-emerald-600' : 'text-zinc-300')} aria-hidden="true" />
              <span className="min-w-0 flex-1">
                <span className={cx('flex items-center gap-1 text-[13px] font-medium', step.done ? 'text-zinc-500' : 'text-zinc-900')}>
                  {t(view.label)}
                  {view.external ? <ExternalLink className="size-3 text-zinc-400" aria-hidden="true" /> : null}
                  <span className="sr-only">, {step.done ? t('checklist.done') : t('checklist.pending')}</span>
                </span>
                <span className="block text-xs text-zinc-500">{t(view.hint)}</span>
              </span>
            </>
          );
          const classes = cx('flex items-start gap-2.5 rounded-lg px-2 py-1.5 hover:bg-zinc-50', focusRing);
          return (
            <li key={step.id} data-step={step.id} data-done={step.done}>
              {view.external ? (
                <a href={view.to} target="_blank" rel="noreferrer" className={classes}>
                  {content}
                </a>
              ) : (
                <Link to={view.to} className={classes}>
                  {content}
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
