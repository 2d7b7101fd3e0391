import { fbtraceId } from './ids.js';

/** What Meta says for each error code the simulator can produce (spec §9). */
type CodeInfo = { title: string; httpStatus: number; details: string; graphLevel?: boolean };

const CODES: Record<number, CodeInfo> = {
  0: { title: 'AuthException', httpStatus: 401, details: 'We were unable to authenticate the app user.' },
  1: { title: 'An unknown error occurred', httpStatus: 500, details: 'Invalid request or possible server error.' },
  2: { title: 'Service temporarily unavailable', httpStatus: 503, details: 'Temporary due to downtime or due to being overloaded.' },
  4: { title: 'Application request limit reached', httpStatus: 400, details: 'The app has reached its API call rate limit.' },
  10: { title: 'Permission denied', httpStatus: 403, details: 'Permission is either not granted or has been removed.' },
  100: { title: 'Invalid parameter', httpStatus: 400, details: 'Invalid parameter' },
  190: { title: 'Invalid OAuth access token - Cannot parse access token', httpStatus: 401, details: '', graphLevel: true },
  200: { title: 'Permissions error', httpStatus: 403, details: 'Permission is either not granted or has been removed.' },
  368: { title: 'Temporarily blocked for policies violations', httpStatus: 403, details: 'The WhatsApp Business Account is restricted from messaging users.' },
  2500: { title: 'Unknown path components', httpStatus: 400, details: '', graphLevel: true },
  80007: { title: 'Rate limit issues', httpStatus: 400, details: 'The WhatsApp Business Account has reached its rate limit.' },
  130429: { title: 'Rate limit hit', httpStatus: 400, details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time' },
  131000: { title: 'Something went wrong', httpStatus: 500, details: 'Message failed to send due to an unknown error.' },
  131005: { title: 'Access denied', httpStatus: 403, details: 'Permission is either not granted or has been removed.' },
  131008: { title: 'Required parameter is missing', httpStatus: 400, details: 'The request is missing a required parameter.' },
  131009: { title: 'Parameter value is not valid', httpStatus: 400, details: 'One or more parameter values are invalid.' },
  131016: { title: 'Service unavailable', httpStatus: 503, details: 'A service is temporarily unavailable. Please check our status page before retrying.' },
  131021: { title: 'Recipient cannot be sender', httpStatus: 400, details: 'Sender and recipient phone number is the same.' },
  131026: { title: 'Message undeliverable', httpStatus: 400, details: 'Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number; the recipient has not accepted our new Terms of Service and Privacy Policy; the recipient is using an old WhatsApp version.' },
  131047: { title: 'Re-engagement message', httpStatus: 400, details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
  131049: { title: 'This message was not delivered to maintain healthy ecosystem engagement.', httpStatus: 400, details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.' },
  131050: { title: 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.', httpStatus: 400, details: 'The recipient opted out of marketing messages.' },
  131051: { title: 'Unsupported message type', httpStatus: 400, details: 'Message type is currently not supported.' },
  131052: { title: 'Media download error', httpStatus: 400, details: 'Unable to download the media sent by the user.' },
  131053: { title: 'Media upload error', httpStatus: 400, details: 'Unable to upload the media used in the message.' },
  131056: { title: '(Business Account, Consumer Account) pair rate limit hit', httpStatus: 400, details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.' },
  131057: { title: 'Account in maintenance mode', httpStatus: 503, details: 'Business account is in maintenance mode.' },
  132000: { title: 'Number of parameters does not match the expected number of params', httpStatus: 400, details: 'The number of variable parameter values included in the request did not match the number of variable parameters defined in the template.' },
  132001: { title: 'Template name does not exist in the translation', httpStatus: 404, details: 'The template does not exist in the specified language or the template has not been approved.' },
  132005: { title: 'Translated text too long', httpStatus: 400, details: 'Translated text is too long.' },
  132007: { title: 'Template Format Character Policy Violated', httpStatus: 400, details: 'Template content violates a WhatsApp policy.' },
  132012: { title: 'Parameter format does not match format in the created template', httpStatus: 400, details: 'Variable parameter values formatted incorrectly.' },
  132015: { title: 'Template is Paused', httpStatus: 400, details: 'Template is paused due to low quality so it cannot be sent in a template message.' },
  132016: { title: 'Template is Disabled', httpStatus: 400, details: 'Template has been paused too many times due to low quality and is now permanently disabled.' },
  132018: { title: 'There was an issue with the parameters in your template.', httpStatus: 400, details: 'One or more parameter values are invalid.' },
  133010: { title: 'Phone number Not Registered', httpStatus: 400, details: 'The phone number is not registered on the WhatsApp Business Platform.' },
};

export function codeInfo(code: number): CodeInfo {
  return CODES[code] ?? { title: 'Error', httpStatus: code >= 131000 && code < 132000 ? 400 : 500, details: 'Simulated error.' };
}

export type GraphErrorBody = {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: 'whatsapp'; details: string };
    fbtrace_id: string;
  };
};

export type GraphErrorOptions = {
  details?: string;
  message?: string;
  subcode?: number;
  httpStatus?: number;
  /** "GraphMethodException" for unknown objects; OAuthException otherwise. */
  type?: string;
};

/**
 * A synchronous Graph error in Meta's shape. Graph-level errors (bad token, unknown path or
 * object) carry no `error_data`, exactly like Meta; WhatsApp errors always do.
 */
export function graphError(code: number, options: GraphErrorOptions = {}): { status: number; body: GraphErrorBody } {
  const info = codeInfo(code);
  const body: GraphErrorBody = {
    error: { message: options.message ?? `(#${code}) ${info.title}`, type: options.type ?? 'OAuthException', code, fbtrace_id: fbtraceId() },
  };
  if (options.subcode !== undefined) body.error.error_subcode = options.subcode;
  const graphLevel = info.graphLevel || options.type === 'GraphMethodException';
  if (!graphLevel || (options.details && !options.type)) {
    body.error.error_data = { messaging_product: 'whatsapp', details: options.details ?? info.details };
  }
  // Re-order so fbtrace_id stays last, as in Meta's responses.
  const { fbtrace_id, ...rest } = body.error;
  body.error = { ...rest, fbtrace_id };
  return { status: options.httpStatus ?? info.httpStatus, body };
}

/** Meta's answer for an id that is not there (or not visible with this token). */
export function unknownObjectError(method: string, id: string) {
  return graphError(100, {
    subcode: 33,
    type: 'GraphMethodException',
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  });
}

/** An error object as it appears inside webhooks (`statuses[].errors[]`, `value.errors[]`). */
export function webhookError(code: number, details?: string) {
  const info = codeInfo(code);
  return {
    code,
    title: info.title,
    message: info.title,
    error_data: { details: details ?? info.details },
    href: '/documentation/business-messaging/whatsapp/support/error-codes',
  };
}
