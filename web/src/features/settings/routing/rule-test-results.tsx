import { FlaskConical, ShieldAlert } from 'lucide-react';
import type { RuleTestResponse } from '../../../app/api-types.js';
import { useFormat } from '../../../i18n/format.js';
import { useT } from '../../../i18n/i18n.js';
import { Badge } from '../../../ui/badge.js';
import { Button } from '../../../ui/button.js';
import { cx } from '../../../ui/class-names.js';
import { testDayOptions } from './routing-api.js';

type Count = RuleTestResponse['byTeam'][number];

/** The period picker and the run button of "Probar reglas". */
export function TestControls({ days, onDays, onRun, running, label }: { days: number; onDays: (days: number) => void; onRun: () => void; running: boolean; label: string }) {
  const t = useT();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div role="radiogroup" aria-label={t('ruleTest.period')} className="inline-flex rounded-lg bg-zinc-100 p-0.5">
        {testDayOptions.map((option) => (
          <button
            key={option}
            type="button"
            role="radio"
            aria-checked={days === option}
            onClick={() => onDays(option)}
            className={cx('rounded-md px-2.5 py-1 text-[13px] font-medium whitespace-nowrap', days === option ? 'bg-white text-zinc-900 shadow-xs' : 'text-zinc-600 hover:text-zinc-900')}
          >
            {t('ruleTest.days', { count: option })}
          </button>
        ))}
      </div>
      <Button loading={running} icon={<FlaskConical className="size-4" aria-hidden="true" />} onClick={onRun}>
        {label}
      </Button>
    </div>
  );
}

/** What the draft rules would have done: totals by team, agent and rule, and each conversation. */
export function RuleTestResults({ result, days }: { result: RuleTestResponse; days: number }) {
  const t = useT();
  const format = useFormat();
  if (result.total === 0) {
    return (
      <p className="rounded-lg bg-zinc-50 px-3 py-3 text-sm text-zinc-600 ring-1 ring-zinc-200" data-testid="rule-test-result">
        {t('ruleTest.none', { count: days })}
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-4" data-testid="rule-test-result">
      <p className="text-sm text-zinc-700">
        <span className="font-semibold text-zinc-900">{t('ruleTest.total', { count: result.total })}</span> ·{' '}
        {t('ruleTest.totalPeriod', { count: days })}
        {result.limited ? <span className="text-zinc-500"> · {t('ruleTest.limited')}</span> : null}
      </p>
      <div className="grid gap-3 sm:grid-cols-3">
        <Counts title={t('ruleTest.byTeam')} items={result.byTeam} none={t('ruleTest.noTeam')} total={result.total} />
        <Counts title={t('ruleTest.byAgent')} items={result.byAgent} none={t('ruleTest.noAgent')} total={result.total} />
        <Counts title={t('ruleTest.byRule')} items={result.byRule} none={t('ruleTest.noRule')} total={result.total} />
      </div>
      <div className="overflow-x-auto rounded-lg ring-1 ring-zinc-200">
        <table className="w-full text-left text-[13px] sm:min-w-[36rem]">
          <thead className="border-b border-zinc-100 bg-zinc-50/60 text-xs text-zinc-500">
            <tr>
              <th scope="col" className="py-2 pr-2 pl-3 font-medium">
                #
              </th>
              <th scope="col" className="px-2 py-2 font-medium">
                {t('ruleTest.conversation')}
              </th>
              <th scope="col" className="hidden px-2 py-2 font-medium sm:table-cell">
                {t('ruleTest.rules')}
              </th>
              <th scope="col" className="hidden px-2 py-2 font-medium sm:table-cell">
                {t('ruleTest.goesTo')}
              </th>
              <th scope="col" className="hidden py-2 pr-3 pl-2 font-medium sm:table-cell">
                {t('ruleTest.priority')}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 align-top">
            {result.rows.map((row) => {
              const rules = row.ruleNames.length ? (
                <ul className="flex flex-wrap gap-1">
                  {row.ruleNames.map((name, index) => (
                    <li key={`${name}-${index}`}>
                      <Badge>{name}</Badge>
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="text-zinc-400">{t('ruleTest.noRule')}</span>
              );
              const goesTo = (
                <>
                  <p className={cx(row.teamName ? 'text-zinc-900' : 'text-zinc-400')}>{row.teamName ?? t('ruleTest.noTeam')}</p>
                  <p className={cx(row.agentName ? 'text-zinc-600' : 'text-zinc-400')}>{row.agentName ?? t('ruleTest.noAgent')}</p>
                </>
              );
              const priority = (
                <div className="flex flex-wrap gap-1">
                  <Badge tone={row.priority === 'urgent' ? 'red' : row.priority === 'high' ? 'amber' : 'neutral'}>{t(`priority.${row.priority}`)}</Badge>
                  {row.escalate ? (
                    <Badge tone="violet">
                      <ShieldAlert className="mr-1 size-3" aria-hidden="true" />
                      {t('ruleTest.escalates')}
                    </Badge>
                  ) : null}
                </div>
              );
              return (
                <tr key={row.conversationId}>
                  <td className="py-2 pr-2 pl-3 text-zinc-500 tabular-nums">#{row.displayNumber}</td>
                  <td className="w-full max-w-0 px-2 py-2 sm:w-auto sm:max-w-64">
                    <p className="truncate font-medium text-zinc-900">{row.contactName ?? t('details.noName')}</p>
                    <p className="truncate text-zinc-500" title={row.text ?? undefined}>
                      {row.text ?? t('ruleTest.noText')}
                    </p>
                    <p className="text-xs text-zinc-400">{format.moment(row.at)}</p>
                    {/* On phones the other columns sit under the conversation. */}
                    <div className="mt-2 flex flex-col gap-1.5 sm:hidden">
                      {rules}
                      <p className="text-zinc-700">
                        → {row.teamName ?? t('ruleTest.noTeam')} · {row.agentName ?? t('ruleTest.noAgent')}
                      </p>
                      {priority}
                    </div>
                  </td>
                  <td className="hidden px-2 py-2 sm:table-cell">{rules}</td>
                  <td className="hidden px-2 py-2 sm:table-cell">{goesTo}</td>
                  <td className="hidden py-2 pr-3 pl-2 sm:table-cell">{priority}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {result.rows.length < result.total ? <p className="text-[13px] text-zinc-500">{t('ruleTest.truncated', { shown: result.rows.length, count: result.total })}</p> : null}
    </div>
  );
}

function Counts({ title, items, none, total }: { title: string; items: Count[]; none: string; total: number }) {
  return (
    <section className="rounded-lg px-3 py-2.5 ring-1 ring-zinc-200">
      <h3 className="mb-1.5 text-xs font-medium text-zinc-500">{title}</h3>
      <ul className="flex flex-col gap-1">
        {items.map((item) => (
          <li key={`${item.id ?? ''}-${item.name ?? ''}`} className="flex items-center gap-2 text-[13px]">
            <span className={cx('min-w-0 flex-1 truncate', item.name ? 'text-zinc-800' : 'text-zinc-400')}>{item.name ?? none}</span>
            <span className="relative h-1.5 w-12 shrink-0 overflow-hidden rounded-full bg-zinc-100" aria-hidden="true">
              <span className="absolute inset-y-0 left-0 rounded-full bg-emerald-500" style={{ width: `${Math.round((item.count / Math.max(total, 1)) * 100)}%` }} />
            </span>
            <span className="w-8 shrink-0 text-right font-medium text-zinc-900 tabular-nums">{item.count}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
