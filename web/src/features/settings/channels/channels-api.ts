import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api-client.js';
import type { ChannelsResponse, TemplatesResponse } from '../../../app/api-types.js';

export const channelsKey = ['channels'] as const;
export const templatesKey = (channelId: string) => ['channel-templates', channelId] as const;

export const useChannels = () => useQuery({ queryKey: channelsKey, queryFn: () => api.get<ChannelsResponse>('/channels') });

export const useTemplates = (channelId: string) =>
  useQuery({ queryKey: templatesKey(channelId), queryFn: () => api.get<TemplatesResponse>(`/channels/${channelId}/templates`) });

// The server's defaults (server/modules/channels/channels.ts), shown so people know what "empty" means.
export const defaultApiBaseUrl = 'https://graph.facebook.com';
export const defaultApiVersion = 'v23.0';

/** A verify token people never have to invent: 32 URL-safe characters from the browser's CSPRNG. */
export function randomVerifyToken(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}
