import { type CustomFieldEntity, type CustomFieldValues, coerceFieldValue } from '../../../contracts/custom-fields.js';
import { storableValue } from '../../../contracts/text.js';
import type { Executor } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { normalizePhone } from '../../lib/phone.js';
import { type CustomFieldRow, listCustomFields } from './custom-fields.repository.js';

export type FieldValueProblem = { path: string; message: string };

/**
 * Values for a contact's or deal's custom fields in their stored form, checked against the
 * workspace's definitions: unknown keys, wrong types and missing required fields are problems
 * naming the field. `existing` is what the row holds now: keys it already has that no definition
 * names any more (written before fields were defined) are kept as they are, so resending a record
 * never fails on them. With `requireAll`, every required field must end up with a value.
 */
export function checkCustomFieldValues(
  fields: CustomFieldRow[],
  options: { values: Record<string, unknown>; existing?: CustomFieldValues; requireAll?: boolean; defaultCountry: string; pathPrefix?: string },
): { values: CustomFieldValues; problems: FieldValueProblem[] } {
  const prefix = options.pathPrefix ?? 'body.customFields';
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const problems: FieldValueProblem[] = [];
  const values: CustomFieldValues = { ...(options.existing ?? {}) };
  for (const [key, raw] of Object.entries(options.values)) {
    const field = byKey.get(key);
    if (!field) {
      if (options.existing && key in options.existing && JSON.stringify(options.existing[key]) === JSON.stringify(raw)) continue;
      problems.push({ path: `${prefix}.${key}`, message: 'is not a field of this workspace' });
      continue;
    }
    const result = coerceFieldValue(field, raw);
    if ('problem' in result) {
      problems.push({ path: `${prefix}.${key}`, message: result.problem.message });
      continue;
    }
    let value = result.value;
    if (field.type === 'phone' && typeof value === 'string') {
      const phone = normalizePhone(value, options.defaultCountry);
      if (!phone) {
        problems.push({ path: `${prefix}.${key}`, message: 'must be a phone number' });
        continue;
      }
      value = phone;
    }
    if (value === null) delete values[key];
    else values[key] = storableValue(value);
  }
  for (const field of fields) {
    if (!field.required) continue;
    const touched = field.key in options.values;
    if ((options.requireAll || touched) && (values[field.key] === undefined || values[field.key] === null)) {
      problems.push({ path: `${prefix}.${field.key}`, message: 'is required' });
    }
  }
  return { values, problems };
}

/** `checkCustomFieldValues` against the workspace's definitions, throwing a 400 that names every problem. */
export async function validateCustomFieldValues(
  db: Executor,
  options: { workspaceId: string; entity: CustomFieldEntity; values: Record<string, unknown>; existing?: CustomFieldValues; requireAll?: boolean; defaultCountry: string },
): Promise<CustomFieldValues> {
  const fields = await listCustomFields(db, options.workspaceId, options.entity);
  const { values, problems } = checkCustomFieldValues(fields, options);
  if (problems.length) throw new AppError('validation_failed', `Invalid custom fields: ${problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`, { fields: problems });
  return values;
}
