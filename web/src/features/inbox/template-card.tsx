import { ExternalLink, FileText, Film, Image, Phone, Reply } from 'lucide-react';
import { useT } from '../../i18n/i18n.js';
import type { MediaFormat } from './template-parameters.js';

export type TemplateCardHeader = { type: 'text'; text: string } | { type: MediaFormat; link: string | null };
export type TemplateCardButton = { type: string; text: string; url?: string };

const mediaIcons = { image: Image, video: Film, document: FileText } as const;
const mediaLabels = { image: 'inbox.type.image', video: 'inbox.type.video', document: 'inbox.type.document' } as const;

/**
 * A template as WhatsApp lays it out: header (text, or which media and its link), body, footer,
 * then the buttons (a URL button with the link it opens). The composer's preview and the
 * timeline's sent template share it.
 */
export function TemplateCard({ header, body, footer, buttons }: { header?: TemplateCardHeader | null; body: string; footer?: string | null; buttons?: TemplateCardButton[] }) {
  const t = useT();
  return (
    <div className="min-w-0 text-sm text-zinc-900">
      {header?.type === 'text' ? <p data-part="header" className="mb-1 font-semibold break-words">{header.text}</p> : null}
      {header && header.type !== 'text' ? <MediaHeader format={header.type} link={header.link} label={t(mediaLabels[header.type])} /> : null}
      {body ? <p data-part="body" className="break-words whitespace-pre-wrap">{body}</p> : null}
      {footer ? <p data-part="footer" className="mt-1 text-xs break-words text-zinc-500">{footer}</p> : null}
      {buttons?.length ? (
        <ul data-part="buttons" className="mt-2 divide-y divide-black/5 border-t border-black/5">
          {buttons.map((button, index) => {
            const Icon = button.type === 'url' ? ExternalLink : button.type === 'phone_number' ? Phone : Reply;
            return (
              <li key={index} className="py-1.5 text-center">
                <span className="inline-flex items-center gap-1.5 font-medium text-emerald-700">
                  <Icon className="size-3.5 shrink-0" aria-hidden="true" />
                  {button.text}
                </span>
                {button.url ? <span className="block text-[11px] break-all text-zinc-500">{button.url}</span> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

function MediaHeader({ format, link, label }: { format: MediaFormat; link: string | null; label: string }) {
  const Icon = mediaIcons[format];
  return (
    <div data-part="header" className="mb-1.5 flex items-center gap-2 rounded-md bg-black/[0.05] px-2 py-2 text-[13px] text-zinc-600">
      <Icon className="size-5 shrink-0" aria-hidden="true" />
      <span className="min-w-0">
        <span className="block font-medium">{label}</span>
        {link ? <span className="block text-[11px] break-all">{link}</span> : null}
      </span>
    </div>
  );
}
