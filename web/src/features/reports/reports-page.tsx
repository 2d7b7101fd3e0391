import { lazy, Suspense } from 'react';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { useT } from '../../i18n/i18n.js';
import { PageHeader } from '../../ui/card.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { Spinner } from '../../ui/spinner.js';
import { LiveDashboard } from './live-dashboard.js';

// The charts library is only needed on this tab: it loads when someone opens it.
const HistoryTab = lazy(() => import('./history-tab.js'));

const tabs = [
  { to: '/reports', label: 'reports.tab.now', end: true },
  { to: '/reports/history', label: 'reports.tab.history', end: false },
] as const;

/** Reportes: "Ahora" (the live dashboard) and "Histórico" (any period, filtered, compared). */
export function ReportsPage() {
  const t = useT();
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 sm:px-8 sm:py-8">
      <PageHeader title={t('reports.title')} description={t('reports.subtitle')} />
      <nav aria-label={t('reports.tabs')} className="-mt-2 border-b border-zinc-200">
        <ul className="-mb-px flex gap-4">
          {tabs.map((tab) => (
            <li key={tab.to}>
              <NavLink
                to={tab.to}
                end={tab.end}
                className={({ isActive }) =>
                  cx(
                    'inline-block border-b-2 px-1 pb-2.5 text-sm font-medium transition-colors',
                    focusRing,
                    isActive ? 'border-emerald-600 text-zinc-900' : 'border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-800',
                  )
                }
              >
                {t(tab.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route index element={<LiveDashboard />} />
        <Route
          path="history"
          element={
            <Suspense
              fallback={
                <div className="flex justify-center py-16 text-zinc-400">
                  <Spinner className="size-5" />
                </div>
              }
            >
              <HistoryTab />
            </Suspense>
          }
        />
        <Route path="*" element={<Navigate to="/reports" replace />} />
      </Routes>
    </div>
  );
}
