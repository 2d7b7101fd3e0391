/**
 * The parameters an approved template asks for, as Meta's Cloud API defines them: `{{n}}` in a
 * TEXT header and in the body, a link for an IMAGE/VIDEO/DOCUMENT header, and the `{{1}}` suffix
 * of a URL button. Templates arrive as stored from `GET /{waba-id}/message_templates`.
 */

export type MediaFormat = 'image' | 'video' | 'document';

export type TemplateButton = { index: number; type: string; text: string; url?: string; dynamic: boolean };

export type TemplateParts = {
  header: { kind: 'text'; text: string } | { kind: 'media'; format: MediaFormat } | null;
  body: string;
  footer: string | null;
  buttons: TemplateButton[];
};

/** One value the agent fills: `header.1`, `headerMedia`, `body.2`, `button.0`. */
export type TemplateField =
  | { key: string; kind: 'header'; placeholder: number }
  | { key: 'headerMedia'; kind: 'headerMedia'; format: MediaFormat }
  | { key: string; kind: 'body'; placeholder: number }
  | { key: string; kind: 'button'; button: TemplateButton };

export type TemplateValues = Record<string, string>;

type Json = Record<string, unknown>;
const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;
const upper = (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : '');

/** Header, body, footer and buttons of a template's components (types in any case). */
export function templateParts(components: unknown[]): TemplateParts {
  const list = components.filter((component): component is Json => typeof component === 'object' && component !== null);
  const part = (type: string) => list.find((component) => upper(component.type) === type);
  const text = (component: Json | undefined) => (typeof component?.text === 'string' ? component.text : null);
  const header = part('HEADER');
  const format = upper(header?.format ?? 'TEXT');
  const buttons = Array.isArray(part('BUTTONS')?.buttons) ? (part('BUTTONS')!.buttons as Json[]) : [];
  return {
    header:
      format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT'
        ? { kind: 'media', format: format.toLowerCase() as MediaFormat }
        : text(header)
          ? { kind: 'text', text: text(header)! }
          : null,
    body: text(part('BODY')) ?? '',
    footer: text(part('FOOTER')),
    buttons: buttons.map((button, index) => {
      const url = typeof button.url === 'string' ? button.url : undefined;
      return { index, type: upper(button.type), text: String(button.text ?? ''), url, dynamic: upper(button.type) === 'URL' && placeholdersOf(url ?? '').length > 0 };
    }),
  };
}

/** The `{{n}}` placeholders of a text, in numeric order, each once. */
export function placeholdersOf(text: string): number[] {
  const found = new Set<number>();
  for (const match of text.matchAll(PLACEHOLDER)) found.add(Number(match[1]));
  return [...found].sort((a, b) => a - b);
}

/** The text with each `{{n}}` replaced by `values(n)`; empty values keep the placeholder visible. */
export function fillText(text: string, value: (n: number) => string | undefined): string {
  return text.replace(PLACEHOLDER, (match, n: string) => value(Number(n))?.trim() || match);
}

/** Every value the template needs, in the order it reads: header, body, buttons. */
export function templateFields(parts: TemplateParts): TemplateField[] {
  const fields: TemplateField[] = [];
  if (parts.header?.kind === 'media') fields.push({ key: 'headerMedia', kind: 'headerMedia', format: parts.header.format });
  if (parts.header?.kind === 'text') for (const n of placeholdersOf(parts.header.text)) fields.push({ key: `header.${n}`, kind: 'header', placeholder: n });
  for (const n of placeholdersOf(parts.body)) fields.push({ key: `body.${n}`, kind: 'body', placeholder: n });
  for (const button of parts.buttons) if (button.dynamic) fields.push({ key: `button.${button.index}`, kind: 'button', button });
  return fields;
}

export const isHttpsUrl = (value: string) => {
  try {
    return new URL(value.trim()).protocol === 'https:' && !/\s/.test(value.trim());
  } catch {
    return false;
  }
};

/** Why a field cannot be sent as it is, or null: empty, or a media link that is not https. */
export function fieldProblem(field: TemplateField, values: TemplateValues): 'required' | 'url' | null {
  const value = values[field.key]?.trim() ?? '';
  if (!value) return 'required';
  if (field.kind === 'headerMedia' && !isHttpsUrl(value)) return 'url';
  return null;
}

/** The Graph `template.components` for these values (only the components that take parameters). */
export function templateComponents(parts: TemplateParts, values: TemplateValues): Json[] {
  const value = (key: string) => values[key]?.trim() ?? '';
  const components: Json[] = [];
  if (parts.header?.kind === 'media') {
    const { format } = parts.header;
    components.push({ type: 'header', parameters: [{ type: format, [format]: { link: value('headerMedia') } }] });
  }
  if (parts.header?.kind === 'text') {
    const parameters = placeholdersOf(parts.header.text).map((n) => ({ type: 'text', text: value(`header.${n}`) }));
    if (parameters.length) components.push({ type: 'header', parameters });
  }
  const body = placeholdersOf(parts.body).map((n) => ({ type: 'text', text: value(`body.${n}`) }));
  if (body.length) components.push({ type: 'body', parameters: body });
  for (const button of parts.buttons.filter((item) => item.dynamic)) {
    components.push({ type: 'button', sub_type: 'url', index: String(button.index), parameters: [{ type: 'text', text: value(`button.${button.index}`) }] });
  }
  return components;
}
