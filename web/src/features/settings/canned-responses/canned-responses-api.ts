import { useQuery } from '@tanstack/react-query';
import { api } from '../../../app/api-client.js';
import type { CannedResponsesResponse } from '../../../app/api-types.js';

export const cannedResponsesKey = ['canned-responses'] as const;
export const useCannedResponses = () =>
  useQuery({ queryKey: cannedResponsesKey, queryFn: () => api.get<CannedResponsesResponse>('/canned-responses'), staleTime: 60_000 });

export type CannedVariables = {
  contactName: string | null;
  contactPhone: string | null;
  agentName: string;
  conversationNumber: number;
};

const firstWord = (name: string | null) => name?.trim().split(/\s+/)[0] ?? '';

/** A canned response's body with {{contact.first_name}} and friends filled in; unknown variables stay as typed. */
export function fillCannedResponse(body: string, values: CannedVariables): string {
  const known: Record<string, string> = {
    'contact.first_name': firstWord(values.contactName),
    'contact.name': values.contactName ?? '',
    'contact.phone': values.contactPhone ?? '',
    'agent.first_name': firstWord(values.agentName),
    'agent.name': values.agentName,
    'conversation.number': String(values.conversationNumber),
  };
  return body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (match, name: string) => (name in known ? (known[name] ?? '') : match));
}
