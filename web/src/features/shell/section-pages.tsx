import { Compass } from 'lucide-react';
import { Link } from 'react-router';
import { useT } from '../../i18n/i18n.js';
import { buttonClasses } from '../../ui/button.js';
import { EmptyState } from '../../ui/empty-state.js';

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
