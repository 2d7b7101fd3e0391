type Json = Record<string, unknown>;

export type RenderedTemplate = {
  header?: { type: 'text'; text: string } | { type: 'image' | 'video' | 'document'; link: string | null };
  body: string | null;
  footer?: string;
  buttons?: { type: string; text: string; url?: string }[];
};

const upper = (value: unknown) => String(value ?? '').toUpperCase();
const fill = (text: string, values: string[]) => text.replace(/\{\{\s*(\d+)\s*\}\}/g, (placeholder, n: string) => values[Number(n) - 1] ?? placeholder);

/** The text values given for one kind of component (`body`, `header`, or the button at `index`). */
function textValues(components: Json[], kind: string, index?: number): string[] {
  return components
    .filter((component) => upper(component.type) === kind && (index === undefined || Number(component.index) === index))
    .flatMap((component) => (component.parameters as Json[] | undefined) ?? [])
    .map((parameter) => String(parameter.text ?? ''));
}

/**
 * What the customer reads for a template send: the approved template's header, body, footer and
 * buttons with the parameters Bandeja sent filled in (a media header by its link).
 */
export function renderTemplate(definition: Json[], components: Json[]): RenderedTemplate {
  const part = (type: string) => definition.find((component) => upper(component.type) === type);
  const rendered: RenderedTemplate = { body: null };
  const header = part('HEADER');
  const format = upper(header?.format ?? 'TEXT');
  if (header && format === 'TEXT' && typeof header.text === 'string') rendered.header = { type: 'text', text: fill(header.text, textValues(components, 'HEADER')) };
  if (header && (format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT')) {
    const type = format.toLowerCase() as 'image' | 'video' | 'document';
    const given = components.filter((component) => upper(component.type) === 'HEADER').flatMap((component) => (component.parameters as Json[] | undefined) ?? [])[0];
    const media = given?.[type] as { link?: unknown } | undefined;
    rendered.header = { type, link: typeof media?.link === 'string' ? media.link : null };
  }
  const body = part('BODY');
  if (typeof body?.text === 'string') rendered.body = fill(body.text, textValues(components, 'BODY'));
  const footer = part('FOOTER');
  if (typeof footer?.text === 'string') rendered.footer = footer.text;
  const buttons = (part('BUTTONS')?.buttons as Json[] | undefined) ?? [];
  if (buttons.length) {
    rendered.buttons = buttons.map((button, index) => ({
      type: String(button.type ?? '').toLowerCase(),
      text: String(button.text ?? ''),
      ...(typeof button.url === 'string' ? { url: fill(button.url, textValues(components, 'BUTTON', index)) } : {}),
    }));
  }
  return rendered;
}
