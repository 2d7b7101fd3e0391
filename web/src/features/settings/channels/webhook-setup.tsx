import { Webhook } from 'lucide-react';
import { useT } from '../../../i18n/i18n.js';
import { Alert } from '../../../ui/alert.js';
import { CopyField } from '../../../ui/copy-field.js';

// Meta calls the webhook from the internet over https: a local or plain-http address will not verify.
function isPublicHttps(address: string): boolean {
  try {
    const url = new URL(address);
    const host = url.hostname;
    const local =
      host === 'localhost' ||
      host.endsWith('.local') ||
      /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|0\.0\.0\.0|\[?::1\]?$)/.test(host);
    return url.protocol === 'https:' && !local;
  } catch {
    return false;
  }
}

/**
 * What to paste in Meta's dashboard so messages reach Bandeja: the callback URL, the verify token
 * (only known right after it was typed: the server never returns it) and the field to subscribe to.
 */
export function WebhookSetup({ webhookUrl, verifyToken }: { webhookUrl: string; verifyToken: string | null }) {
  const t = useT();
  return (
    <section className="flex flex-col gap-3 rounded-xl bg-zinc-50 p-4 ring-1 ring-zinc-200">
      <div className="flex items-start gap-3">
        <span className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-white text-emerald-600 ring-1 ring-zinc-200">
          <Webhook className="size-4" aria-hidden="true" />
        </span>
        <div className="min-w-0">
          <h3 className="text-sm font-semibold text-zinc-900">{t('connect.webhook.title')}</h3>
          <p className="mt-0.5 text-[13px] text-zinc-500">{t('connect.webhook.body')}</p>
        </div>
      </div>
      <ol className="flex list-decimal flex-col gap-3 pl-5 text-sm text-zinc-700 marker:font-medium marker:text-zinc-500">
        <li>{t('connect.webhook.step1')}</li>
        <li>
          <p>{t('connect.webhook.step2')}</p>
          <div className="mt-2 flex flex-col gap-3">
            <CopyField label={t('connect.webhook.callbackUrl')} value={webhookUrl} />
            {verifyToken ? <CopyField label={t('connect.webhook.verifyToken')} value={verifyToken} /> : null}
          </div>
        </li>
        <li>
          <p>
            {t('connect.webhook.step3')}{' '}
            <code className="rounded bg-white px-1.5 py-0.5 font-mono text-[13px] font-medium text-zinc-900 ring-1 ring-zinc-200">
              messages
            </code>
          </p>
        </li>
      </ol>
      {isPublicHttps(webhookUrl) ? null : <Alert tone="info">{t('connect.webhook.notPublic')}</Alert>}
    </section>
  );
}
