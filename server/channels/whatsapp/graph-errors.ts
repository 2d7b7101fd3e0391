import { storableText } from '../../../contracts/text.js';

/** How Bandeja reacts to a Graph error code (see docs and the wire-format spec §9). */
export type GraphErrorKind = 'auth' | 'retry' | 'fail';

const authCodes = new Set([0, 190, 10, 131005, 133010, 368]);
const retryCodes = new Set([130429, 131056, 80007, 4, 131000, 131016, 1, 2, 131057, 131052]);

export function classifyGraphError(code: number | null, httpStatus: number | null): GraphErrorKind {
  if (code !== null) {
    if (authCodes.has(code) || (code >= 200 && code <= 299)) return 'auth';
    if (retryCodes.has(code)) return 'retry';
  }
  if (httpStatus === null || httpStatus >= 500 || httpStatus === 429) return 'retry';
  if (httpStatus === 401) return 'auth';
  return 'fail';
}

export class GraphError extends Error {
  readonly kind: GraphErrorKind;
  constructor(
    readonly httpStatus: number | null,
    readonly code: number | null,
    message: string,
    readonly details?: string,
  ) {
    super(message);
    this.kind = classifyGraphError(code, httpStatus);
  }
}

/** Our own refusal before or after the call (address not allowed, redirect, answer too large): retrying does not help. */
export class GraphRefusedError extends GraphError {
  override readonly kind: GraphErrorKind = 'fail';
  constructor(
    message: string,
    httpStatus: number | null = null,
    /** Set when the outbound guard refused the address (the settings page says what to change). */
    readonly reason: 'address_not_allowed' | null = null,
  ) {
    super(httpStatus, null, message);
  }
}

/** A Graph error code as a number: Meta sends integers, anything else (a string, a float) is no code. */
export function graphErrorCode(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,9}$/.test(value.trim())) return Number(value.trim());
  return null;
}

const MAX_REMOTE_TEXT = 300;

/** A remote text made safe to store and show: control characters out, one line, bounded. */
export function remoteText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const cleaned = storableText(value)
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  if (!cleaned) return undefined;
  if (cleaned.length <= MAX_REMOTE_TEXT) return cleaned;
  // Never cut between the two halves of an emoji.
  const end = /[\ud800-\udbff]/.test(cleaned[MAX_REMOTE_TEXT - 2]!) ? MAX_REMOTE_TEXT - 2 : MAX_REMOTE_TEXT - 1;
  return `${cleaned.slice(0, end)}…`;
}

/**
 * The GraphError for an HTTP error answer. Only a Graph-shaped body (`{ error: { message, code } }`)
 * lends its words; any other body (an HTML page, a stack trace) is never repeated.
 */
export function graphErrorFromBody(httpStatus: number, bytes: Buffer): GraphError {
  let error: { message?: unknown; code?: unknown; error_data?: { details?: unknown } } | undefined;
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { error?: unknown };
    if (parsed && typeof parsed.error === 'object' && parsed.error !== null) error = parsed.error as typeof error;
  } catch {
    error = undefined;
  }
  const code = graphErrorCode(error?.code);
  const message = remoteText(error?.message) ?? `Graph API answered HTTP ${httpStatus}`;
  return new GraphError(httpStatus, code, message, remoteText(error?.error_data?.details));
}

/** Human explanations for the codes agents meet most, in both languages. */
const explanations: Record<number, { es: string; en: string }> = {
  131047: {
    es: 'Pasaron más de 24 horas desde el último mensaje del cliente: usa una plantilla aprobada.',
    en: 'More than 24 hours since the customer last wrote: use an approved template.',
  },
  131026: {
    es: 'No se pudo entregar: el número no usa WhatsApp o su app no lo admite.',
    en: 'Undeliverable: the number is not on WhatsApp or its app cannot receive it.',
  },
  131049: {
    es: 'WhatsApp retuvo el mensaje para cuidar la experiencia del cliente. Prueba más tarde.',
    en: 'WhatsApp withheld the message to protect the customer experience. Try later.',
  },
  131050: { es: 'El cliente dejó de recibir mensajes de marketing.', en: 'The customer opted out of marketing messages.' },
  131051: { es: 'Tipo de mensaje no admitido.', en: 'Unsupported message type.' },
  131021: { es: 'El destinatario es el mismo número que envía.', en: 'The recipient is the sending number itself.' },
  130429: { es: 'Límite de envío alcanzado; se reintenta solo.', en: 'Throughput limit reached; retrying automatically.' },
  131056: { es: 'Demasiados mensajes seguidos a este cliente; se reintenta solo.', en: 'Too many messages to this customer in a row; retrying automatically.' },
  190: { es: 'El token de acceso venció o no es válido: reconecta el número.', en: 'The access token expired or is invalid: reconnect the number.' },
  132000: { es: 'Los parámetros no coinciden con la plantilla.', en: 'The parameters do not match the template.' },
  132001: { es: 'La plantilla no existe en ese idioma.', en: 'The template does not exist in that language.' },
  132015: { es: 'La plantilla está pausada por baja calidad.', en: 'The template is paused for low quality.' },
  132016: { es: 'La plantilla fue deshabilitada.', en: 'The template was disabled.' },
  100: { es: 'Parámetro inválido en el envío.', en: 'Invalid parameter in the request.' },
};

export function explainGraphError(code: number | null, language: 'es' | 'en'): string | null {
  return code !== null ? (explanations[code]?.[language] ?? null) : null;
}
