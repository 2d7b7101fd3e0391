import type { MessageKey } from '../i18n/i18n.js';

// Mirrors contracts/common.ts so people see problems before a round trip; the server still decides.
export const minPasswordLength = 10;

export function checkRequired(value: string): MessageKey | undefined {
  return value.trim() ? undefined : 'validation.required';
}

export function checkEmail(value: string): MessageKey | undefined {
  if (!value.trim()) return 'validation.required';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? undefined : 'validation.email';
}

export function checkNewPassword(password: string, confirmation?: string): { password?: MessageKey; confirmation?: MessageKey } {
  if (password.length < minPasswordLength) return { password: password ? 'validation.passwordLength' : 'validation.required' };
  if (confirmation !== undefined && confirmation !== password) return { confirmation: 'validation.passwordMismatch' };
  return {};
}

// Mirrors contracts/channels.ts: Meta's ids are digits, secrets are long, the verify token is ours to choose.
export function checkGraphId(value: string): MessageKey | undefined {
  if (!value.trim()) return 'validation.required';
  return /^\d{5,30}$/.test(value.trim()) ? undefined : 'validation.graphId';
}

/** An empty secret is "required" when connecting; when editing, empty means "keep the current one". */
export function checkSecret(value: string, { optional = false } = {}): MessageKey | undefined {
  if (!value.trim()) return optional ? undefined : 'validation.required';
  return value.trim().length >= 8 ? undefined : 'validation.secretShort';
}

export function checkVerifyToken(value: string, { optional = false } = {}): MessageKey | undefined {
  if (!value.trim()) return optional ? undefined : 'validation.required';
  return value.trim().length >= 8 ? undefined : 'validation.verifyTokenLength';
}

export function checkHttpUrl(value: string): MessageKey | undefined {
  if (!value.trim()) return 'validation.required';
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'validation.url';
  } catch {
    return 'validation.url';
  }
}

export function checkApiVersion(value: string): MessageKey | undefined {
  if (!value.trim()) return 'validation.required';
  return /^v\d+\.\d+$/.test(value.trim()) ? undefined : 'validation.apiVersion';
}

/** Drops empty entries so `Object.keys(problems).length` tells whether a form may be sent. */
export function compact<T extends Record<string, MessageKey | undefined>>(problems: T): Partial<Record<keyof T, MessageKey>> {
  return Object.fromEntries(Object.entries(problems).filter(([, value]) => value)) as Partial<Record<keyof T, MessageKey>>;
}
