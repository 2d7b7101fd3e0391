import type { ErrorObject } from 'ajv';

/**
 * The Cloud API's value limits (spec §8) that Meta's schema does not state, or states without
 * the error code the live API answers with. Runs before schema validation, so it reads the body
 * defensively. Each problem names the parameter the way Meta does: `text['body']`.
 */

export type SendProblem = { code: 100 | 131008 | 131009; details: string };

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const length = (value: unknown) => (typeof value === 'string' ? [...value].length : 0);

function tooLong(param: string, value: unknown, max: number, code: 100 | 131009 = 100): SendProblem | undefined {
  if (typeof value !== 'string' || length(value) <= max) return undefined;
  return code === 100
    ? { code, details: `Param ${param} must be at most ${max} characters long.` }
    : { code, details: `${param} length invalid. Min length: 1, Max length: ${max}` };
}

function missing(param: string): SendProblem {
  return { code: 131008, details: `The parameter ${param} is required.` };
}

function interactiveProblem(interactive: Json): SendProblem | undefined {
  const type = interactive.type;
  const header = asObject(interactive.header);
  const body = asObject(interactive.body);
  const footer = asObject(interactive.footer);
  const action = asObject(interactive.action) ?? {};
  if (['button', 'list', 'cta_url', 'location_request_message'].includes(String(type)) && typeof body?.text !== 'string') {
    return missing("interactive['body']['text']");
  }
  const texts =
    tooLong('Header text', header?.text, 60, 131009) ?? tooLong('Body text', body?.text, 1024, 131009) ?? tooLong('Footer text', footer?.text, 60, 131009);
  if (texts) return texts;
  if (type === 'button') {
    const buttons = asArray(action.buttons);
    if (buttons.length < 1 || buttons.length > 3) return { code: 131009, details: 'Buttons count invalid. Min: 1, Max: 3' };
    const titles = new Set<string>();
    const ids = new Set<string>();
    for (const button of buttons) {
      const reply = asObject(asObject(button)?.reply) ?? {};
      if (typeof reply.title !== 'string' || reply.title.trim() === '') return missing("interactive['action']['buttons'][]['reply']['title']");
      const problem = tooLong('Button title', reply.title, 20, 131009) ?? tooLong('Button id', reply.id, 256, 131009);
      if (problem) return problem;
      if (titles.has(reply.title) || ids.has(String(reply.id))) return { code: 131009, details: 'Button title and id must be unique.' };
      titles.add(reply.title);
      ids.add(String(reply.id));
    }
  }
  if (type === 'list') {
    const label = tooLong('Button label', action.button, 20, 131009);
    if (label) return label;
    const sections = asArray(action.sections);
    if (sections.length < 1 || sections.length > 10) return { code: 131009, details: 'Sections count invalid. Min: 1, Max: 10' };
    let rows = 0;
    for (const section of sections.map((s) => asObject(s) ?? {})) {
      if (sections.length > 1 && typeof section.title !== 'string') return missing("interactive['action']['sections'][]['title']");
      const title = tooLong('Section title', section.title, 24, 131009);
      if (title) return title;
      for (const row of asArray(section.rows).map((r) => asObject(r) ?? {})) {
        rows += 1;
        const problem = tooLong('Row title', row.title, 24, 131009) ?? tooLong('Row description', row.description, 72, 131009) ?? tooLong('Row id', row.id, 200, 131009);
        if (problem) return problem;
      }
    }
    if (rows < 1 || rows > 10) return { code: 131009, details: 'Total row count exceed max allowed count: 10' };
  }
  if (type === 'cta_url') {
    const parameters = asObject(action.parameters) ?? {};
    return tooLong('Display text', parameters.display_text, 20, 131009);
  }
  return undefined;
}

function isSingleEmoji(value: string): boolean {
  const graphemes = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(value)];
  return graphemes.length === 1 && /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(value);
}

/** The first limit this send request breaks, if any. */
export function sendLimitProblem(body: Json): SendProblem | undefined {
  if (body.messaging_product !== 'whatsapp') return { code: 100, details: 'The parameter messaging_product is required and must be "whatsapp".' };
  if (typeof body.to !== 'string' || body.to.trim() === '') return missing('to');
  const digits = body.to.replace(/[\s()+-]/g, '');
  if (!/^\d{6,15}$/.test(digits)) return { code: 100, details: `Param to must be a phone number in international format; received '${body.to}'.` };
  const type = (body.type ?? 'text') as string;
  const content = asObject(body[type]);
  if (!content && type !== 'contacts') return missing(type);
  switch (type) {
    case 'text':
      if (typeof content!.body !== 'string' || content!.body === '') return missing("text['body']");
      return tooLong("text['body']", content!.body, 4096);
    case 'image':
    case 'video':
    case 'document':
      return tooLong(`${type}['caption']`, content!.caption, 1024);
    case 'reaction': {
      if (typeof content!.message_id !== 'string' || !content!.message_id) return missing("reaction['message_id']");
      const emoji = content!.emoji;
      if (emoji !== undefined && emoji !== '' && (typeof emoji !== 'string' || !isSingleEmoji(emoji))) {
        return { code: 131009, details: "Param reaction['emoji'] must be a single emoji, or empty to remove the reaction." };
      }
      return undefined;
    }
    case 'location':
      if (content!.latitude === undefined) return missing("location['latitude']");
      if (content!.longitude === undefined) return missing("location['longitude']");
      return undefined;
    case 'contacts': {
      const contacts = asArray(body.contacts);
      if (contacts.length === 0) return missing('contacts');
      const nameless = contacts.findIndex((contact) => typeof asObject(asObject(contact)?.name)?.formatted_name !== 'string');
      return nameless >= 0 ? missing(`contacts[${nameless}]['name']['formatted_name']`) : undefined;
    }
    case 'interactive':
      return interactiveProblem(content!);
    default:
      return undefined;
  }
}

/** `/interactive/action/buttons/0` → `interactive['action']['buttons'][0]`, Meta's notation. */
export function metaParamPath(instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (parts.length === 0) return 'body';
  return parts[0] + parts.slice(1).map((part) => (/^\d+$/.test(part) ? `[${part}]` : `['${part}']`)).join('');
}

/** Maps a schema error to Meta's code: a missing parameter is 131008, anything else 100. */
export function schemaProblem(error: ErrorObject): SendProblem {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    const name = String(params.missingProperty);
    return missing(error.instancePath ? `${metaParamPath(error.instancePath)}['${name}']` : name);
  }
  const param = metaParamPath(error.instancePath);
  if (error.keyword === 'unevaluatedProperties' || error.keyword === 'additionalProperties') {
    const name = String(params.unevaluatedProperty ?? params.additionalProperty);
    return { code: 100, details: `Unexpected key "${name}" on param "${param}".` };
  }
  if (error.keyword === 'enum') return { code: 100, details: `Param ${param} must be one of {${(params.allowedValues as unknown[]).join(', ')}}.` };
  return { code: 100, details: `Param ${param} ${error.message ?? 'is invalid'}.` };
}
