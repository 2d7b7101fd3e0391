import type { MessageKey } from '../../i18n/i18n.js';
import { useT } from '../../i18n/i18n.js';
import { Dialog } from '../../ui/dialog.js';

/** Keys typed into a field are text, never shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

const shortcuts: { keys: string; label: MessageKey }[] = [
  { keys: 'j', label: 'shortcuts.next' },
  { keys: 'k', label: 'shortcuts.previous' },
  { keys: 'r', label: 'shortcuts.reply' },
  { keys: 'n', label: 'shortcuts.note' },
  { keys: 'e', label: 'shortcuts.resolve' },
  { keys: 'a', label: 'shortcuts.assign' },
  { keys: '/', label: 'shortcuts.canned' },
  { keys: '@', label: 'shortcuts.mention' },
  { keys: 'Esc', label: 'shortcuts.leaveField' },
  { keys: '?', label: 'shortcuts.help' },
];

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} title={t('shortcuts.title')} size="sm">
      <dl className="grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-2 pb-4 text-sm">
        {shortcuts.map((shortcut) => (
          <div key={shortcut.keys} className="contents">
            <dt>
              <kbd className="inline-flex min-w-7 justify-center rounded-md bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800 ring-1 ring-zinc-300 ring-inset">
                {shortcut.keys}
              </kbd>
            </dt>
            <dd className="text-zinc-700">{t(shortcut.label)}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
