import { useQueryClient } from '@tanstack/react-query';
import { useRealtime } from '../../app/realtime.js';
import { applyPresenceEvent } from '../inbox/presence.js';

/** Keeps the signed-in app current from the workspace stream (one per tab). Renders nothing. */
export function LiveUpdates() {
  const queryClient = useQueryClient();
  useRealtime({ onPresence: (event) => applyPresenceEvent(queryClient, event) });
  return null;
}
