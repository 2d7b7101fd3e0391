import { Check, Copy } from 'lucide-react';
import { useId, useRef, useState } from 'react';
import { useT } from '../i18n/i18n.js';
import { Button } from './button.js';

/** A secret or link shown once: selectable text plus a copy button that confirms it worked. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const t = useT();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard API needs a secure context; selecting + execCommand still works on plain http.
      input.current?.select();
      document.execCommand('copy');
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };

  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-[13px] font-medium text-zinc-800">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          ref={input}
          id={id}
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          className="h-10 min-w-0 flex-1 rounded-lg bg-zinc-50 px-3 font-mono text-[13px] text-zinc-800 ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-emerald-600 focus:outline-none"
        />
        <Button
          onClick={copy}
          icon={copied ? <Check className="size-4 text-emerald-600" /> : <Copy className="size-4" />}
          className="h-10"
        >
          {/* On phones the value needs the room; the label stays for screen readers. */}
          <span className="sr-only sm:not-sr-only">{copied ? t('common.copied') : t('common.copy')}</span>
        </Button>
      </div>
    </div>
  );
}
