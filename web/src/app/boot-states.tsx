import { useT } from '../i18n/i18n.js';
import { errorMessage } from '../i18n/error-messages.js';
import { Alert } from '../ui/alert.js';
import { Button } from '../ui/button.js';
import { Spinner } from '../ui/spinner.js';

export function FullPageSpinner() {
  const t = useT();
  return (
    <div className="flex min-h-dvh items-center justify-center text-zinc-400" role="status">
      <Spinner className="size-6" />
      <span className="sr-only">{t('app.loading')}</span>
    </div>
  );
}

/** The server could not be reached at boot: say so and offer a retry instead of a blank page. */
export function BootError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const t = useT();
  return (
    <div className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 px-6">
      <Alert>{errorMessage(t, error)}</Alert>
      <div>
        <Button onClick={onRetry}>{t('common.retry')}</Button>
      </div>
    </div>
  );
}
