import { z } from 'zod';
import { Id } from './common.js';

export const customFieldTypes = ['text', 'number', 'money', 'date', 'single_choice', 'multiple_choice', 'boolean', 'email', 'phone', 'url'] as const;
export const CustomFieldType = z.enum(customFieldTypes);
export type CustomFieldType = z.infer<typeof CustomFieldType>;
export const CustomFieldEntity = z.enum(['contact', 'deal']);
export type CustomFieldEntity = z.infer<typeof CustomFieldEntity>;

/** Bounds every tenant's values share (nothing one workspace writes may cost the others). */
export const customFieldLimits = { fieldsPerEntity: 100, options: 100, optionLength: 100, textLength: 2000, labelLength: 80 } as const;

export const CustomFieldKey = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z][a-z0-9_]*$/, 'must start with a letter and use only a-z, 0-9 and _');

export const CustomField = z.object({
  id: Id,
  entity: CustomFieldEntity,
  key: CustomFieldKey,
  label: z.string(),
  type: CustomFieldType,
  options: z.array(z.string()).describe('The choices of a single or multiple choice field'),
  required: z.boolean(),
  position: z.number().int(),
});
export type CustomField = z.infer<typeof CustomField>;

/** A stored value: text-like types and money/date as strings (money an exact decimal), number, yes/no, choices. */
export const CustomFieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);
export type CustomFieldValue = z.infer<typeof CustomFieldValue>;
export const CustomFieldValues = z.record(z.string().max(40), CustomFieldValue);
export type CustomFieldValues = z.infer<typeof CustomFieldValues>;

/** An exact decimal with at most 2 places, as a string ("1500", "1500.50", "-3.2"): money is never a float. */
export const decimalPattern = /^-?\d{1,16}(\.\d{1,2})?$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type FieldProblem = { key: string; message: string };

/**
 * A value for a field in its stored form, or a problem naming why it is not one. Lenient where
 * people type loosely ("1.500,50" is not guessed; "1500,50" is accepted as 1500.50; "sí"/"yes" for
 * yes/no); phone numbers are normalised by the server, which knows the workspace's country.
 */
export function coerceFieldValue(field: Pick<CustomField, 'key' | 'type' | 'options'>, raw: unknown): { value: CustomFieldValue } | { problem: FieldProblem } {
  const problem = (message: string) => ({ problem: { key: field.key, message } });
  if (raw === null || raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0)) return { value: null };
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
  switch (field.type) {
    case 'text':
    case 'phone':
      if (text === undefined) return problem('must be text');
      if (text.length > customFieldLimits.textLength) return problem(`must be at most ${customFieldLimits.textLength} characters`);
      return { value: text };
    case 'number': {
      const number = typeof raw === 'number' ? raw : text !== undefined ? Number(text.replace(',', '.')) : Number.NaN;
      return Number.isFinite(number) ? { value: number } : problem('must be a number');
    }
    case 'money': {
      const decimal = text?.replace(',', '.');
      return decimal !== undefined && decimalPattern.test(decimal) ? { value: decimal } : problem('must be an amount such as 1500.50');
    }
    case 'date':
      return text !== undefined && datePattern.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) ? { value: text } : problem('must be a date as YYYY-MM-DD');
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      const word = text?.toLowerCase();
      if (word && ['true', 'yes', 'sí', 'si', '1', 'x'].includes(word)) return { value: true };
      if (word && ['false', 'no', '0'].includes(word)) return { value: false };
      return problem('must be yes or no');
    }
    case 'email':
      return text !== undefined && text.length <= 254 && emailPattern.test(text) ? { value: text.toLowerCase() } : problem('must be an email address');
    case 'url':
      try {
        if (text === undefined || text.length > customFieldLimits.textLength) throw new Error();
        const url = new URL(text);
        if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
        return { value: url.toString() };
      } catch {
        return problem('must be an http(s) address');
      }
    case 'single_choice': {
      const choice = field.options.find((option) => option.toLocaleLowerCase() === text?.toLocaleLowerCase());
      return choice !== undefined ? { value: choice } : problem(`must be one of: ${field.options.join(', ')}`);
    }
    case 'multiple_choice': {
      const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[;,|]/) : undefined;
      if (!items) return problem('must be a list of choices');
      const chosen: string[] = [];
      for (const item of items) {
        if (typeof item !== 'string') return problem('must be a list of choices');
        if (!item.trim()) continue;
        const choice = field.options.find((option) => option.toLocaleLowerCase() === item.trim().toLocaleLowerCase());
        if (choice === undefined) return problem(`"${item.trim()}" is not one of: ${field.options.join(', ')}`);
        if (!chosen.includes(choice)) chosen.push(choice);
      }
      return { value: chosen.length ? chosen : null };
    }
  }
}
