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
