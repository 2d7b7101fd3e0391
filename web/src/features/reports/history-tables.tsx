import { Download } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { AgentFiguresItem, LostConversationItem, MetricsQueryValue } from '../../app/api-types.js';
import { useFormat } from '../../i18n/format.js';
import { useT } from '../../i18n/i18n.js';
import { Button, buttonClasses } from '../../ui/button.js';
import { Card } from '../../ui/card.js';
import { cx, focusRing } from '../../ui/class-names.js';
import type { HoursKind } from './report-filters.js';
import { csvUrl } from './reports-api.js';
import { useReportFormat } from './report-format.js';

/** Per agent: what they handled and how fast they answered (in the clock the report shows), with a CSV export of both. */
export function AgentTable({ agents, query, hours }: { agents: AgentFiguresItem[]; query: MetricsQueryValue; hours: HoursKind }) {
  const t = useT();
  const format = useReportFormat();
  const head = 'px-3 py-2 font-medium whitespace-nowrap';
  const cell = 'px-3 py-2.5 text-right whitespace-nowrap tabular-nums';
  return (
    <Card
      title={t('reports.agents.title')}
      description={t(hours === 'business' ? 'reports.agents.subtitleBusiness' : 'reports.agents.subtitle')}
      actions={
        <a href={csvUrl('agents', query)} download className={buttonClasses('secondary', 'sm')} data-testid="export-agents">
          <Download className="size-3.5" aria-hidden="true" />
          {t('reports.agents.export')}
        </a>
      }
      flush
    >
      {agents.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-500">{t('reports.agents.empty')}</p>
      ) : (
        // Wide on purpose: on phones the table scrolls inside its card, the page does not.
        <div className="overflow-x-auto">
          <table className="w-full min-w-[52rem] text-left text-[13px]" data-testid="agent-figures">
            <thead className="border-b border-zinc-100 text-xs text-zinc-500">
              <tr>
                <th scope="col" rowSpan={2} className={cx(head, 'pl-5 align-bottom')}>
                  {t('reports.agents.name')}
                </th>
                <th scope="col" rowSpan={2} className={cx(head, 'text-right align-bottom')}>
                  {t('reports.agents.handled')}
                </th>
                <th scope="colgroup" colSpan={4} className={cx(head, 'border-l border-zinc-100 pb-0 text-center')}>
                  {t('reports.metric.firstResponse')}
                </th>
                <th scope="colgroup" colSpan={4} className={cx(head, 'border-l border-zinc-100 pb-0 text-center')}>
                  {t('reports.metric.replyTime')}
                </th>
                <th scope="col" rowSpan={2} className={cx(head, 'border-l border-zinc-100 pr-5 text-right align-bottom')}>
                  {t('reports.agents.resolvedOwned')}
                </th>
              </tr>
              <tr>
                {[0, 1].map((group) => (
                  <StatHeaders key={group} className={head} />
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {agents.map((agent) => (
                <tr key={agent.memberId ?? agent.name} data-testid="agent-figures-row">
                  <th scope="row" className="max-w-48 truncate py-2.5 pr-3 pl-5 font-medium text-zinc-900">
                    {agent.name}
                  </th>
                  <td className={cell}>{format.number(agent.handled)}</td>
                  <td className={cx(cell, 'border-l border-zinc-100')}>{format.number(agent.firstResponses)}</td>
                  <td className={cell}>{format.duration(agent.firstResponse[hours].average)}</td>
                  <td className={cell}>{format.duration(agent.firstResponse[hours].median)}</td>
                  <td className={cell}>{format.duration(agent.firstResponse[hours].p90)}</td>
                  <td className={cx(cell, 'border-l border-zinc-100')}>{format.number(agent.replies)}</td>
                  <td className={cell}>{format.duration(agent.replyTime[hours].average)}</td>
                  <td className={cell}>{format.duration(agent.replyTime[hours].median)}</td>
                  <td className={cell}>{format.duration(agent.replyTime[hours].p90)}</td>
                  <td className={cx(cell, 'border-l border-zinc-100 pr-5')}>{format.number(agent.resolvedOwned)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function StatHeaders({ className }: { className: string }) {
  const t = useT();
  return (
    <>
      <th scope="col" className={cx(className, 'border-l border-zinc-100 text-right')}>
        {t('reports.agents.count')}
      </th>
      <th scope="col" className={cx(className, 'text-right')}>
        <abbr title={t('reports.stat.average')} className="no-underline">
          {t('reports.stat.averageShort')}
        </abbr>
      </th>
      <th scope="col" className={cx(className, 'text-right')}>
        <abbr title={t('reports.stat.median')} className="no-underline">
          {t('reports.stat.medianShort')}
        </abbr>
      </th>
      <th scope="col" className={cx(className, 'text-right')}>
        {t('reports.stat.p90')}
      </th>
    </>
  );
}

const FIRST_SHOWN = 20;

/** Cycles where a customer was left unanswered; each opens its conversation. */
export function LostList({ lost }: { lost: LostConversationItem[] }) {
  const t = useT();
  const dates = useFormat();
  const [all, setAll] = useState(false);
  const shown = all ? lost : lost.slice(0, FIRST_SHOWN);
  return (
    <Card title={t('reports.lost.title', { count: lost.length })} description={t('reports.lost.subtitle')} flush>
      {lost.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-500">{t('reports.lost.empty')}</p>
      ) : (
        <>
          <ul className="divide-y divide-zinc-100" data-testid="lost-list">
            {shown.map((item) => (
              <li key={`${item.conversationId}#${item.cycle}`}>
                <Link to={`/inbox/${item.conversationId}`} className={cx('flex flex-wrap items-baseline gap-x-3 gap-y-0.5 px-5 py-2.5 hover:bg-zinc-50', focusRing)}>
                  <span className="text-[13px] text-zinc-500 tabular-nums">#{item.displayNumber}</span>
                  <span className="min-w-0 flex-1 basis-40 truncate text-sm font-medium text-zinc-900">{item.contactName ?? t('details.noName')}</span>
                  <span className="text-[13px] text-zinc-500">
                    {item.cycle > 1 ? `${t('reports.lost.cycle', { n: item.cycle })} · ` : ''}
                    {item.lastCustomerAt ? t('reports.lost.lastMessage', { time: dates.moment(item.lastCustomerAt) }) : null}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          {lost.length > shown.length ? (
            <div className="border-t border-zinc-100 px-5 py-2.5">
              <Button size="sm" variant="ghost" onClick={() => setAll(true)}>
                {t('reports.lost.showAll', { count: lost.length })}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </Card>
  );
}
