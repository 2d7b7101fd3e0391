import { ApiError } from '../app/api-client.js';
import { isMessageKey, type MessageKey, type Translate } from './i18n.js';

/** A sentence in the user's language for any failure; the server's English message is never shown as is. */
export function errorMessage(t: Translate, error: unknown): string {
  if (!(error instanceof ApiError)) return t('error.generic');
  const key = `error.${error.code}`;
  if (!isMessageKey(key)) return t('error.generic');
  const seconds = error.retryAfterSeconds ?? 60;
  return t(key, { seconds, minutes: Math.max(1, Math.ceil(seconds / 60)) });
}

// The server's field messages come from the shared zod schemas; these are the ones users can trigger.
const fieldMessages: Record<string, MessageKey> = {
  'is required': 'validation.required',
  'must be a valid email address': 'validation.email',
  'must be at least 10 characters': 'validation.passwordLength',
  'must be an IANA time zone such as America/Mexico_City': 'validation.timeZone',
  'must be the numeric id shown in Meta’s dashboard': 'validation.graphId',
  'looks too short': 'validation.secretShort',
  'must be at least 8 characters': 'validation.verifyTokenLength',
  'must look like v23.0': 'validation.apiVersion',
  'must be an http(s) URL': 'validation.url',
  'must be https://graph.facebook.com; another address needs its origin in the server’s OUTBOUND_ALLOWED_ORIGINS': 'validation.graphBaseUrl',
  'is already connected': 'channels.alreadyConnected',
  'needs at least one value': 'ruleEditor.valuesRequired',
  'needs at least one number': 'ruleEditor.pickNumber',
  'must be a time like 09:00': 'validation.time',
  'must end after it starts': 'schedule.endBeforeStart',
  'must be a date like 2026-12-25': 'validation.date',
  'must end on or after it starts': 'schedule.rangeBackwards',
  'is not a team of this workspace': 'validation.gone',
  'is not a tag of this workspace': 'validation.gone',
  'is not a number of this workspace': 'validation.gone',
  'is not a member of this team': 'validation.notInTeam',
};

/** Translates the server's per-field problems ("body.email" → "email") for display under each input. */
export function fieldErrors(t: Translate, error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(
    Object.entries(error.fields).map(([field, message]) => {
      const key = fieldMessages[message];
      return [field, key ? t(key) : message];
    }),
  );
}
