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

/** Drops empty entries so `Object.keys(problems).length` tells whether a form may be sent. */
export function compact<T extends Record<string, MessageKey | undefined>>(problems: T): Partial<Record<keyof T, MessageKey>> {
  return Object.fromEntries(Object.entries(problems).filter(([, value]) => value)) as Partial<Record<keyof T, MessageKey>>;
}
