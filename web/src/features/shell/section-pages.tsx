import { Compass, UsersRound } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useT } from '../../i18n/i18n.js';
import { buttonClasses } from '../../ui/button.js';
import { EmptyState } from '../../ui/empty-state.js';

// Contacts arrive in a later issue; until then the page says what it will hold.

function SectionPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="flex min-h-[calc(100dvh-3.5rem)] flex-col lg:min-h-dvh">
      <div className="border-b border-zinc-200 px-4 py-4 sm:px-8">
        <h1 className="text-lg font-semibold tracking-tight text-zinc-900">{title}</h1>
      </div>
      <div className="flex flex-1 items-center justify-center bg-zinc-50/50">{children}</div>
    </div>
  );
}

export function ContactsPage() {
  const t = useT();
  return (
    <SectionPage title={t('nav.contacts')}>
      <EmptyState
        icon={<UsersRound className="size-7" aria-hidden="true" />}
        title={t('contacts.emptyTitle')}
        body={t('contacts.emptyBody')}
      />
    </SectionPage>
  );
}

export function NotFoundPage() {
  const t = useT();
  return (
    <div className="flex min-h-[60dvh] items-center justify-center">
      <EmptyState
        icon={<Compass className="size-7" aria-hidden="true" />}
        title={t('notFound.title')}
        body=""
        action={
          <Link to="/inbox" className={buttonClasses('secondary', 'md')}>
            {t('notFound.action')}
          </Link>
        }
      />
    </div>
  );
}
