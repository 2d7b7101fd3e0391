import type { ReactNode } from 'react';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { canManageWorkspace, useSession } from '../../app/session.js';
import { type MessageKey, useT } from '../../i18n/i18n.js';
import { cx, focusRing } from '../../ui/class-names.js';
import { NotFoundPage } from '../shell/section-pages.js';
import { ApiTokensPage } from './api-tokens/api-tokens-page.js';
import { AuditPage } from './audit/audit-page.js';
import { CannedResponsesPage } from './canned-responses/canned-responses-page.js';
import { ChannelsPage } from './channels/channels-page.js';
import { MembersPage } from './members/members-page.js';
import { ProfilePage } from './profile/profile-page.js';
import { AgentsPage } from './routing/agents-page.js';
import { canReadRouting } from './routing/routing-api.js';
import { RoutingPage } from './routing/routing-page.js';
import { SlaPage } from './routing/sla-page.js';
import { TagsPage } from './tags/tags-page.js';
import { TeamsPage } from './teams/teams-page.js';
import { WorkspacePage } from './workspace/workspace-page.js';

type NavItem = { to: string; label: MessageKey; managersOnly?: boolean; routingOnly?: boolean };
const groups: { label: MessageKey; items: NavItem[] }[] = [
  { label: 'settings.groupAccount', items: [{ to: 'profile', label: 'settings.profile' }] },
  {
    label: 'settings.groupWorkspace',
    items: [
      { to: 'workspace', label: 'settings.workspace' },
      { to: 'members', label: 'settings.members' },
      { to: 'channels', label: 'settings.channels' },
      { to: 'api-tokens', label: 'settings.apiTokens', managersOnly: true },
      { to: 'audit', label: 'settings.audit', managersOnly: true },
    ],
  },
  {
    label: 'settings.groupInbox',
    items: [
      { to: 'teams', label: 'settings.teams' },
      { to: 'tags', label: 'settings.tags' },
      { to: 'canned-responses', label: 'settings.cannedResponses' },
    ],
  },
  {
    label: 'settings.groupRouting',
    items: [
      { to: 'routing', label: 'settings.routing', routingOnly: true },
      { to: 'agents', label: 'settings.agents', routingOnly: true },
      { to: 'sla', label: 'settings.sla', routingOnly: true },
    ],
  },
];

/** Settings: a section list (a scrolling tab bar on phones) and the chosen page. */
export function SettingsRoutes() {
  const session = useSession();
  const manager = canManageWorkspace(session);
  const onlyManagers = (page: ReactNode) => (manager ? page : <Navigate to="/settings/profile" replace />);
  const routingReader = canReadRouting(session);
  const onlyRoutingReaders = (page: ReactNode) => (routingReader ? page : <Navigate to="/settings/profile" replace />);
  return (
    <div className="mx-auto max-w-6xl px-4 py-6 sm:px-8 sm:py-8 lg:flex lg:gap-10">
      <SettingsNav manager={manager} routingReader={routingReader} />
      <div className="min-w-0 flex-1">
        <Routes>
          <Route index element={<Navigate to="profile" replace />} />
          <Route path="profile" element={<ProfilePage />} />
          <Route path="workspace" element={<WorkspacePage />} />
          <Route path="members" element={<MembersPage />} />
          <Route path="channels" element={<ChannelsPage />} />
          <Route path="api-tokens" element={onlyManagers(<ApiTokensPage />)} />
          <Route path="audit" element={onlyManagers(<AuditPage />)} />
          <Route path="teams" element={<TeamsPage />} />
          <Route path="tags" element={<TagsPage />} />
          <Route path="canned-responses" element={<CannedResponsesPage />} />
          <Route path="routing" element={onlyRoutingReaders(<RoutingPage />)} />
          <Route path="agents" element={onlyRoutingReaders(<AgentsPage />)} />
          <Route path="sla" element={onlyRoutingReaders(<SlaPage />)} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </div>
    </div>
  );
}

function SettingsNav({ manager, routingReader }: { manager: boolean; routingReader: boolean }) {
  const t = useT();
  const visible = groups
    .map((group) => ({ ...group, items: group.items.filter((item) => (manager || !item.managersOnly) && (routingReader || !item.routingOnly)) }))
    .filter((group) => group.items.length > 0);
  const link = (item: NavItem) => (
    <NavLink
      to={`/settings/${item.to}`}
      className={({ isActive }) =>
        cx(
          'block rounded-lg px-2.5 py-1.5 text-sm font-medium whitespace-nowrap transition-colors',
          focusRing,
          isActive ? 'bg-zinc-100 text-zinc-900' : 'text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900',
        )
      }
    >
      {t(item.label)}
    </NavLink>
  );
  return (
    <nav aria-label={t('settings.title')} className="mb-6 lg:mb-0 lg:w-52 lg:shrink-0">
      <p className="mb-4 hidden text-xs font-semibold tracking-wide text-zinc-400 uppercase lg:block">{t('settings.title')}</p>
      <ul className="-mx-4 flex flex-wrap gap-1 border-b border-zinc-200 px-4 pb-2 lg:hidden">
        {visible
          .flatMap((group) => group.items)
          .map((item) => (
            <li key={item.to}>{link(item)}</li>
          ))}
      </ul>
      <div className="hidden flex-col gap-6 lg:flex">
        {visible.map((group) => (
          <div key={group.label}>
            <h2 className="mb-1.5 px-2.5 text-xs font-medium text-zinc-500">{t(group.label)}</h2>
            <ul className="flex flex-col gap-0.5">
              {group.items.map((item) => (
                <li key={item.to}>{link(item)}</li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </nav>
  );
}
