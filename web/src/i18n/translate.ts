import type { Language } from '../../../contracts/common.js';
import { en } from './en.js';
import { es, type MessageKey } from './es.js';

export type { MessageKey };

/**
 * A message whose words follow a number: one text per CLDR plural category of the language
 * (`Intl.PluralRules`), with `{count}` in them; `other` is the fallback for a category a language
 * does not write out.
 */
export type PluralMessage = { readonly one: string; readonly other: string } & { readonly [category in 'zero' | 'two' | 'few' | 'many']?: string };

/** Every language has the Spanish catalogue's keys, and a plural message wherever Spanish has one. */
export type Catalogue = { readonly [K in MessageKey]: (typeof es)[K] extends string ? string : PluralMessage };

export type TranslateVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: TranslateVars) => string;

const catalogues: Record<Language, Catalogue> = { es, en };
const pluralRules: Record<Language, Intl.PluralRules> = { es: new Intl.PluralRules('es'), en: new Intl.PluralRules('en') };
const numbers: Record<Language, Intl.NumberFormat> = { es: new Intl.NumberFormat('es'), en: new Intl.NumberFormat('en') };

/** The text a plural message has for `count` in `language`. */
export function pluralText(language: Language, message: PluralMessage, count: number): string {
  return message[pluralRules[language].select(count) as keyof PluralMessage] ?? message.other;
}

/**
 * The message in the reader's language with its `{name}` placeholders filled; a plural message picks
 * its form by `count` (written with the language's digits grouping). Unknown placeholders stay visible
 * so a missing variable is noticed.
 */
export function translate(language: Language, key: MessageKey, vars?: TranslateVars): string {
  const message = catalogues[language][key];
  const count = vars?.count;
  const template = typeof message === 'string' ? message : pluralText(language, message, typeof count === 'number' ? count : Number(count ?? Number.NaN));
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    if (!(name in vars)) return match;
    const value = vars[name]!;
    return name === 'count' && typeof value === 'number' ? numbers[language].format(value) : String(value);
  });
}

export const isMessageKey = (key: string): key is MessageKey => key in es;
