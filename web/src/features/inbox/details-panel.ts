import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../app/session.js';
import { useMediaQuery } from '../../ui/use-media-query.js';

/** From this width the details sit beside the conversation; below it they open over it. */
const dockedQuery = '(min-width: 1280px)';

const storageKey = (userId: string) => `bandeja.details-panel.${userId}`;

function readHidden(userId: string): boolean {
  try {
    return localStorage.getItem(storageKey(userId)) === 'hidden';
  } catch {
    return false;
  }
}

/**
 * Whether the conversation's details (tags, assignment, contact) show. On screens of 1280 px and
 * more they sit beside the conversation unless the person hid them, and that choice is remembered
 * for them in this browser. Narrower, they open over the conversation only when asked for, and
 * close again with the next conversation.
 */
export function useDetailsPanel() {
  const userId = useSession().user.id;
  const docked = useMediaQuery(dockedQuery);
  const [hidden, setHidden] = useState(() => readHidden(userId));
  const [overlayOpen, setOverlayOpen] = useState(false);
  useEffect(() => setHidden(readHidden(userId)), [userId]);

  const remember = useCallback(
    (nextHidden: boolean) => {
      setHidden(nextHidden);
      try {
        if (nextHidden) localStorage.setItem(storageKey(userId), 'hidden');
        else localStorage.removeItem(storageKey(userId));
      } catch {
        // Private mode or a full storage: the choice lasts until the page reloads.
      }
    },
    [userId],
  );

  const open = docked ? !hidden : overlayOpen;
  const setOpen = useCallback((next: boolean) => (docked ? remember(!next) : setOverlayOpen(next)), [docked, remember]);
  return { docked, open, setOpen, toggle: () => setOpen(!open) };
}
