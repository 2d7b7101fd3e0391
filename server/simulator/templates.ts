import { graphId } from './ids.js';
import type { TemplateDefinition } from './types.js';

/**
 * The templates a WABA has unless the test gives its own: a few approved ones in Spanish and
 * English across the three categories, plus one pending and one rejected so Bandeja's template
 * picker has something to hide.
 */
export function defaultTemplates(): TemplateDefinition[] {
  const list: Omit<TemplateDefinition, 'id'>[] = [
    {
      name: 'bienvenida',
      language: 'es',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [
        { type: 'BODY', text: 'Hola {{1}}, gracias por escribirnos. ¿En qué podemos ayudarte?', example: { body_text: [['Ana']] } },
        { type: 'FOOTER', text: 'Respondemos de lunes a sábado' },
      ],
    },
    {
      name: 'order_update',
      language: 'es_AR',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Tu pedido' },
        { type: 'BODY', text: 'Hola {{1}}, tu pedido {{2}} está {{3}}.', example: { body_text: [['Ana', '#1043', 'en camino']] } },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Ver detalle' }, { type: 'QUICK_REPLY', text: 'Hablar con alguien' }] },
      ],
    },
    {
      name: 'seguimiento_pedido',
      language: 'es_AR',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [
        { type: 'BODY', text: 'Hola {{1}}, ¿te llegó bien el pedido? Cualquier cosa respondé este mensaje.', example: { body_text: [['Carla']] } },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Sí, todo bien' }, { type: 'QUICK_REPLY', text: 'Tuve un problema' }] },
      ],
    },
    {
      name: 'seguimiento_consulta',
      language: 'es',
      status: 'APPROVED',
      category: 'MARKETING',
      components: [
        { type: 'BODY', text: 'Hola {{1}}, ¿pudiste resolver tu consulta? Si necesitás algo más, respondé este mensaje.', example: { body_text: [['Ana']] } },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Sí, gracias' }, { type: 'QUICK_REPLY', text: 'Necesito ayuda' }] },
      ],
    },
    {
      name: 'envio_en_camino',
      language: 'es_AR',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}} en camino', example: { header_text: ['#1043'] } },
        { type: 'BODY', text: 'Hola {{1}}, tu pedido ya salió. Seguilo desde el botón de abajo.', example: { body_text: [['Ana']] } },
        { type: 'FOOTER', text: 'Tienda Sur' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'URL', text: 'Seguir envío', url: 'https://tienda.example/envios/{{1}}', example: ['https://tienda.example/envios/AR1043'] },
            { type: 'QUICK_REPLY', text: 'Hablar con alguien' },
          ],
        },
      ],
    },
    {
      name: 'catalogo_temporada',
      language: 'es',
      status: 'APPROVED',
      category: 'MARKETING',
      components: [
        { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['https://scontent.whatsapp.net/v/t61.29466-34/catalogo.jpg'] } },
        { type: 'BODY', text: 'Hola {{1}}, ya está el catálogo de la temporada.', example: { body_text: [['Ana']] } },
        { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Ver catálogo', url: 'https://tienda.example/catalogo' }] },
      ],
    },
    {
      name: 'order_receipt',
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [
        { type: 'HEADER', format: 'DOCUMENT', example: { header_handle: ['https://scontent.whatsapp.net/v/t61.29466-34/receipt.pdf'] } },
        { type: 'BODY', text: 'Hi {{1}}, here is the receipt for order {{2}}.', example: { body_text: [['Sam', '#1043']] } },
        { type: 'FOOTER', text: 'South Store' },
      ],
    },
    {
      name: 'hello_world',
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
        { type: 'BODY', text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.' },
        { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
      ],
    },
    {
      name: 'appointment_reminder',
      language: 'en_US',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [
        { type: 'BODY', text: 'Hi {{1}}, this is a reminder of your appointment on {{2}}. Reply to confirm or reschedule.', example: { body_text: [['Sam', 'Friday at 10:00']] } },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Confirm' }, { type: 'QUICK_REPLY', text: 'Reschedule' }] },
      ],
    },
    {
      name: 'verification_code',
      language: 'en',
      status: 'APPROVED',
      category: 'AUTHENTICATION',
      components: [
        { type: 'BODY', text: '*{{1}}* is your verification code. For your security, do not share this code.', add_security_recommendation: true, example: { body_text: [['123456']] } },
        { type: 'FOOTER', text: 'This code expires in 10 minutes.', code_expiration_minutes: 10 },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] },
      ],
    },
    {
      name: 'promo_invierno',
      language: 'es',
      status: 'PENDING',
      category: 'MARKETING',
      components: [{ type: 'BODY', text: '¡{{1}}, llegó el invierno! 20% off con el código {{2}}.', example: { body_text: [['Ana', 'FRIO20']] } }],
    },
    {
      name: '2023_april_promo',
      language: 'en_US',
      status: 'REJECTED',
      category: 'MARKETING',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Fall Sale' },
        { type: 'BODY', text: 'Hi {{1}}, our Fall Sale is on! Use promo code {{2}} Get an extra 25% off every order above $350!', example: { body_text: [['Mark', 'FALL25']] } },
        { type: 'FOOTER', text: 'Not interested in any of our sales? Tap Stop Promotions' },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop promotions' }] },
      ],
    },
  ];
  return list.map((template) => ({ id: graphId(), ...template }));
}

/** Number of `{{n}}` variables in a component's text (for 132000 parameter-count errors). */
export function variableCount(text: unknown): number {
  if (typeof text !== 'string') return 0;
  return new Set(text.match(/\{\{\s*\w+\s*\}\}/g) ?? []).size;
}

type Json = Record<string, unknown>;
export type TemplateProblem = { code: number; details: string };

const MEDIA_FORMATS = new Set(['IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION']);
/** How Meta names button types in its errors ("Button at index 0 of type Url requires a parameter"). */
const BUTTON_NAMES: Record<string, string> = { URL: 'Url', PHONE_NUMBER: 'Call', QUICK_REPLY: 'QuickReply', COPY_CODE: 'CopyCode', OTP: 'Otp', FLOW: 'Flow', CATALOG: 'Catalog', MPM: 'Mpm' };

const upper = (value: unknown) => String(value ?? '').toUpperCase();
const parametersOf = (components: Json[], kind: string) =>
  components.filter((c) => upper(c.type) === kind).flatMap((c) => (c.parameters as Json[] | undefined) ?? []);

/**
 * Whether a send's components fit the approved template, with the code and details Meta answers:
 * 132000 for a wrong count of text variables, 132012 for a media header of the wrong kind (or
 * none), 131008 for a URL button whose `{{1}}` got no value, 100 for a parameter on a button that
 * takes none.
 */
export function templateParameterProblem(definition: TemplateDefinition, components: Json[]): TemplateProblem | undefined {
  const part = (type: string) => definition.components.find((c) => upper(c.type) === type);
  const body = part('BODY');
  const bodyGiven = parametersOf(components, 'BODY').length;
  if (variableCount(body?.text) !== bodyGiven) {
    return { code: 132000, details: `body: number of localizable_params (${bodyGiven}) does not match the expected number of params (${variableCount(body?.text)})` };
  }
  const header = part('HEADER');
  const headerGiven = parametersOf(components, 'HEADER');
  const format = upper(header?.format ?? 'TEXT');
  if (header && MEDIA_FORMATS.has(format)) {
    const received = headerGiven[0] ? upper(headerGiven[0].type) : 'UNKNOWN';
    if (received !== format) return { code: 132012, details: `header: Format mismatch, expected ${format}, received ${received}` };
  } else if (variableCount(header?.text) !== headerGiven.length) {
    return { code: 132000, details: `header: number of localizable_params (${headerGiven.length}) does not match the expected number of params (${variableCount(header?.text)})` };
  }
  const buttons = (part('BUTTONS')?.buttons as Json[] | undefined) ?? [];
  const given = components.filter((c) => upper(c.type) === 'BUTTON');
  for (const component of given) {
    const index = Number(component.index);
    const button = buttons[index];
    if (!button) return { code: 100, details: `buttons: Button at index ${index} does not exist in the template` };
    const takesParameter = upper(button.type) === 'URL' ? variableCount(button.url) > 0 : upper(button.type) !== 'PHONE_NUMBER';
    if (!takesParameter) return { code: 100, details: `buttons: Button at index ${index} is of type ${BUTTON_NAMES[upper(button.type)] ?? button.type} and does not support parameters` };
  }
  for (const [index, button] of buttons.entries()) {
    if (upper(button.type) !== 'URL' || variableCount(button.url) === 0) continue;
    const filled = given.some((c) => Number(c.index) === index && ((c.parameters as unknown[] | undefined) ?? []).length > 0);
    if (!filled) return { code: 131008, details: `buttons: Button at index ${index} of type Url requires a parameter` };
  }
  return undefined;
}

/** The response item shape of `GET /{waba-id}/message_templates`. */
export function presentTemplate(template: TemplateDefinition) {
  return {
    name: template.name,
    parameter_format: 'POSITIONAL',
    components: template.components,
    language: template.language,
    status: template.status,
    category: template.category,
    id: template.id ?? graphId(),
  };
}
